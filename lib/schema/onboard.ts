// Onboarding a new account: which part it plays (source of replicas or vault), its buckets, where the
// replication roles live and which KMS keys the plans will touch. The same schema feeds the onboarding
// form and its server actions. The trusted principal and the ExternalId are never taken from the
// client: the server derives the first from its own identity and draws the second at random.
import * as z from "zod/mini";
import { accountId, bucketName, externalId, kmsKeyArn, region, roleArn, roleName, rolePath } from "./primitives";
import { STRICT } from "./strict";

type Text = z.ZodMiniType<string, string>;

export const onboardPart = z.enum(["source", "vault"]);
export type OnboardPart = z.infer<typeof onboardPart>;

/** At most this many buckets per access role: each adds two resource ARNs to the role's policy (10,240 characters in all). */
export const MAX_ONBOARD_BUCKETS = 40;
export const DEFAULT_ACCESS_ROLE_NAME = "LockbridgeAccess";

const lines = (item: Text, what: string, max: number) =>
  z.pipe(
    z.string().check(z.maxLength(20_000, { abort: true, error: `The ${what} list is too long.` })),
    z.transform((text: string, ctx) => {
      // zod/mini's transform has no addIssue: its issues go straight into the parse's list.
      const problem = (message: string) => ctx.issues.push({ code: "custom", message, input: text });
      const items = [
        ...new Set(
          text
            .split(/[\s,]+/)
            .map((s) => s.trim())
            .filter(Boolean),
        ),
      ];
      if (items.length > max) problem(`At most ${max} ${what}s.`);
      for (const it of items.slice(0, max)) {
        const r = item.safeParse(it);
        if (!r.success && it.length <= 2048) problem(`${it}: ${r.error.issues[0]?.message ?? "invalid"}`);
        else if (!r.success) problem(`An entry is not a valid ${what}.`);
      }
      return items;
    }),
  );

/**
 * The access role may create and change roles under this path, so "/" would let it change every role of
 * the account (role/*): the replication roles get a path of their own.
 */
const replicationRolePath = rolePath.check(
  z.refine(
    (p: string) => p.trim() !== "/",
    "Use a path of its own, e.g. /service-role/: Lockbridge's access role may change every role under it.",
  ),
);

/** The onboarding form: buckets and keys as text (one per line or comma separated). */
export const onboardForm = z
  .strictObject(
    {
      part: onboardPart,
      accountId,
      region,
      buckets: lines(bucketName, "bucket", MAX_ONBOARD_BUCKETS),
      keyArns: z._default(lines(kmsKeyArn, "KMS key ARN", 10), []),
      replicationRolePath: z._default(replicationRolePath, "/service-role/"),
      accessRoleName: z._default(roleName, DEFAULT_ACCESS_ROLE_NAME),
      /** Where the person uploaded the CloudFormation template (quick-create links need an S3 URL). */
      templateUrl: z._default(
        z.union([z.literal(""), z.url({ protocol: /^https$/, error: "Enter the https URL of the uploaded template (an S3 object URL)." })]),
        "",
      ),
    },
    STRICT,
  )
  .check(
    z.superRefine((v, ctx) => {
      if (v.buckets.length === 0) ctx.addIssue({ code: "custom", path: ["buckets"], message: "Enter at least one bucket." });
    }),
  );
export type OnboardForm = z.output<typeof onboardForm>;
export type OnboardFormValues = z.input<typeof onboardForm>;

/** Check: the role created by the bootstrap, with the ExternalId that onboarding generated. */
export const onboardCheck = z.strictObject(
  {
    part: onboardPart,
    accountId,
    region,
    buckets: lines(bucketName, "bucket", MAX_ONBOARD_BUCKETS),
    keyArns: z._default(lines(kmsKeyArn, "KMS key ARN", 10), []),
    replicationRolePath: z._default(replicationRolePath, "/service-role/"),
    roleArn,
    externalId,
  },
  STRICT,
);
export type OnboardCheck = z.output<typeof onboardCheck>;

/** The connected source account whose buckets are listed (several sources into one vault). */
export const listBucketsRequest = z.strictObject(
  { accountId, region, roleArn, externalId: z._default(z.union([z.literal(""), externalId]), "") },
  STRICT,
);
export type ListBucketsRequest = z.output<typeof listBucketsRequest>;
