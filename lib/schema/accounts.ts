// Step 1 of the wizard: the two accounts, their buckets and how to reach each one.
import * as z from "zod/mini";
import { accountId, arnAccount, bucketName, externalId, region, roleArn } from "./primitives";
import type { FieldErrors } from "./errors";
import { STRICT, transformed } from "./strict";

/** How the server reaches an account: assume a role, use its own credentials, or not at all. */
export const accessMode = z.enum(["role", "server", "plan-only"]);
export type AccessMode = z.infer<typeof accessMode>;

const optionalText = <T extends z.ZodMiniType<string, string>>(schema: T) => {
  return transformed(z.optional(z.union([z.literal(""), schema])), (v) => (v ? v : undefined));
};

// Strict: a key the form does not have (a policy, a session token…) is refused, not dropped.
export const side = z
  .strictObject(
    {
      accountId,
      region,
      bucket: bucketName,
      access: accessMode,
      roleArn: optionalText(roleArn),
      externalId: optionalText(externalId),
    },
    STRICT,
  )
  .check(
    z.superRefine((s, ctx) => {
      if (s.access !== "role") return;
      // Messages quote values only once they are valid: a refused 1 MiB value is never echoed back.
      if (!s.roleArn) {
        ctx.addIssue({ code: "custom", path: ["roleArn"], message: "Enter the ARN of a role to assume in this account." });
      } else if (
        accountId.safeParse(s.accountId).success &&
        roleArn.safeParse(s.roleArn).success &&
        arnAccount(s.roleArn) !== s.accountId
      ) {
        ctx.addIssue({
          code: "custom",
          path: ["roleArn"],
          message: `This role is in account ${arnAccount(s.roleArn)}, not ${s.accountId}.`,
        });
      }
    }),
  );
export type Side = z.infer<typeof side>;
export type SideInput = z.input<typeof side>;

export const accountsStep = z.strictObject({ source: side, destination: side }, STRICT).check(
  z.superRefine((a, ctx) => {
    if (a.source.bucket === a.destination.bucket) {
      ctx.addIssue({
        code: "custom",
        path: ["destination", "bucket"],
        message: "The destination bucket must differ from the source bucket.",
      });
    }
  }),
);
export type AccountsStep = z.infer<typeof accountsStep>;
export type AccountsStepInput = z.input<typeof accountsStep>;
/** The Accounts form's checks as the server answers them (checkAccounts): the step, or its field errors. */
export type AccountsValidation = { ok: true; data: AccountsStep } | { ok: false; errors: FieldErrors };
