// formErrorsOf is how the Accounts form (which has no form library) reads zod issues. It must show the
// same message on the same field as the other steps' forms, which read them through react-hook-form's
// zod resolver: each case states the messages and checks the resolver agrees.
import { zodResolver } from "@hookform/resolvers/zod";
import type { FieldValues, ResolverOptions } from "react-hook-form";
import { describe, expect, it } from "vitest";
import { formErrorsOf } from "./errors";
import { wizardAccountsStep } from "./wizard";

const side = (over: Record<string, string> = {}) => ({
  accountId: "111111111111",
  region: "eu-west-1",
  bucket: "source-bucket",
  access: "role",
  roleArn: "arn:aws:iam::111111111111:role/LockbridgeAdmin",
  externalId: "",
  ...over,
});
const vault = (over: Record<string, string> = {}) =>
  side({ accountId: "222222222222", bucket: "vault-bucket", roleArn: "arn:aws:iam::222222222222:role/Admin", ...over });

const CASES: { name: string; input: unknown; errors: Record<string, string> }[] = [
  { name: "valid", input: { source: side(), destination: vault() }, errors: {} },
  {
    name: "short account ID",
    input: { source: side({ accountId: "123" }), destination: vault() },
    errors: { "source.accountId": "An AWS account ID is exactly 12 digits, e.g. 111122223333." },
  },
  {
    name: "optional text that is neither empty nor valid speaks with its own message",
    input: { source: side({ roleArn: "nope", externalId: "x" }), destination: vault({ roleArn: "" }) },
    errors: {
      "source.roleArn": "Enter a role ARN like arn:aws:iam::111122223333:role/LockbridgeAdmin.",
      "source.externalId": "An ExternalId is 2 to 1224 characters: letters, digits and + = , . @ : / _ -",
      "destination.roleArn": "Enter the ARN of a role to assume in this account.",
    },
  },
  {
    name: "same account and bucket on both sides",
    input: { source: side(), destination: side() },
    errors: {
      "destination.bucket": "The destination bucket must differ from the source bucket.",
      "destination.accountId": "Lockbridge sets up cross-account replication: the destination account must differ from the source account.",
    },
  },
  {
    name: "an access mode that is not offered, a bad Region and bucket, a role in another account",
    input: {
      source: side({ access: "bogus", region: "EU" }),
      destination: vault({ bucket: "Bad_Bucket", roleArn: "arn:aws:iam::333333333333:role/A" }),
    },
    errors: {
      "source.region": "Enter an AWS Region code such as eu-west-1.",
      "source.access": "Choose one of: role, server, plan-only.",
      "destination.bucket":
        "Bucket name may contain only lowercase letters, digits, dots and hyphens; must start and end with a letter or digit.",
      "destination.roleArn": "This role is in account 333333333333, not 222222222222.",
    },
  },
];

/** The resolver's nested errors as dotted paths. */
function flatten(errors: Record<string, unknown>, prefix = ""): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(errors)) {
    const v = value as { message?: unknown; type?: unknown } & Record<string, unknown>;
    if (typeof v.message === "string" && typeof v.type === "string") out[prefix + key] = v.message;
    else Object.assign(out, flatten(v, `${prefix}${key}.`));
  }
  return out;
}

describe("formErrorsOf", () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const parsed = wizardAccountsStep.safeParse(c.input);
      const mine = parsed.success ? {} : formErrorsOf(parsed.error.issues);
      expect(mine).toEqual(c.errors);
      const options = { fields: {}, shouldUseNativeValidation: false } as ResolverOptions<FieldValues> as never;
      const theirs = await zodResolver(wizardAccountsStep)(c.input as never, undefined, options);
      expect(flatten(theirs.errors)).toEqual(c.errors);
    });
  }
});
