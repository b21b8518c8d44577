// AWS primitives shared by the form (zodResolver) and the server actions (safeParse).
// Limits are AWS's documented quotas and naming rules; each message says what is wrong in the user's words.
// zod/mini (the functional API over the same core as classic zod): the browser loads only the checks
// these schemas use, which keeps the wizard's first step small.
import * as z from "zod/mini";
import "./messages";

export const accountId = z.string().check(z.trim(), z.regex(/^\d{12}$/, "An AWS account ID is exactly 12 digits, e.g. 111122223333."));

export const region = z
  .string()
  .check(z.trim(), z.regex(/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d{1,2}$/, "Enter an AWS Region code such as eu-west-1."));

/** Problems with an S3 bucket name (general purpose bucket rules), or [] when valid. */
export function bucketNameProblems(name: string): string[] {
  const problems: string[] = [];
  if (name.length < 3 || name.length > 63) problems.push("must be 3 to 63 characters long");
  if (!/^[a-z0-9.-]*$/.test(name)) problems.push("may contain only lowercase letters, digits, dots and hyphens");
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) problems.push("must start and end with a letter or digit");
  if (name.includes("..")) problems.push("must not contain two adjacent dots");
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) problems.push("must not be formatted as an IP address");
  if (/^(xn--|sthree-|amzn-s3-demo-)/.test(name)) problems.push("must not start with xn--, sthree- or amzn-s3-demo-");
  if (/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(name))
    problems.push("must not end with -s3alias, --ol-s3, .mrap, --x-s3 or --table-s3");
  return problems;
}

export const bucketName = z.string().check(
  z.trim(),
  z.superRefine((name, ctx) => {
    const problems = bucketNameProblems(name);
    if (problems.length > 0) ctx.addIssue({ code: "custom", message: `Bucket name ${problems.join("; ")}.` });
  }),
);

const PARTITION = "aws(-cn|-us-gov|-iso[a-z-]*)?";

export const roleName = z
  .string()
  .check(z.trim(), z.regex(/^[\w+=,.@-]{1,64}$/, "A role name is 1 to 64 characters: letters, digits and + = , . @ _ -"));

export const rolePath = z.string().check(
  z.trim(),
  z.maxLength(512, "A role path is at most 512 characters."),
  z.regex(/^\/([\x21-\x7e]*\/)?$/, "A role path starts and ends with / (e.g. /service-role/)."),
  // IAM allows them, but in a policy's role ARN they are wildcards: a path with * grants more roles.
  z.regex(/^[^*?]*$/, "A role path may not contain * or ? (in a policy they would match other roles)."),
);

// IAM and KMS ARNs are at most 2048 characters. (Not an aborting check: inside optional-text unions an
// aborted option would hide its message behind zod's generic "Invalid input".)
const MAX_ARN = 2048;
const arnLength = `An ARN is at most ${MAX_ARN} characters.`;

export const roleArn = z
  .string()
  .check(
    z.trim(),
    z.maxLength(MAX_ARN, arnLength),
    z.regex(
      new RegExp(`^arn:${PARTITION}:iam::\\d{12}:role/([\\x21-\\x7e]*/)?[\\w+=,.@-]{1,64}$`),
      "Enter a role ARN like arn:aws:iam::111122223333:role/LockbridgeAdmin.",
    ),
  );

export const externalId = z
  .string()
  .check(z.trim(), z.regex(/^[\w+=,.@:/-]{2,1224}$/, "An ExternalId is 2 to 1224 characters: letters, digits and + = , . @ : / _ -"));

export const kmsKeyArn = z
  .string()
  .check(
    z.trim(),
    z.maxLength(MAX_ARN, arnLength),
    z.regex(
      new RegExp(`^arn:${PARTITION}:kms:[a-z0-9-]+:\\d{12}:key/(mrk-)?[0-9a-f-]{32,36}$`),
      "Enter a full KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/KEY-ID); aliases resolve in the caller's account and are not accepted.",
    ),
  );

export const ruleId = z
  .string()
  .check(
    z.maxLength(255, "A rule ID is at most 255 characters."),
    z.regex(/^[\x20-\x7e]+$/, "A rule ID is 1 to 255 printable ASCII characters."),
  );

/** Account ID inside an IAM/KMS ARN, or undefined. */
export function arnAccount(arn: string): string | undefined {
  return arn.split(":")[4] || undefined;
}

/** Region inside an ARN, or undefined. */
export function arnRegion(arn: string): string | undefined {
  return arn.split(":")[3] || undefined;
}

/**
 * A KMS key ARN for replication. Same shape as `kmsKeyArn`, with a specific message for the AWS managed
 * S3 key: its key policy cannot be edited, so a role in another account can never be allowed to use it
 * (https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key).
 */
export const replicationKmsKeyArn = z.string().check(
  z.trim(),
  z.maxLength(MAX_ARN, { abort: true, error: arnLength }),
  z.superRefine((value, ctx) => {
    if (/(^|:)alias\/aws\/s3$/.test(value)) {
      ctx.addIssue({
        code: "custom",
        message:
          "alias/aws/s3 is the AWS managed S3 key: its key policy cannot grant a role in another account. Create a customer managed symmetric key and enter its full key ARN.",
      });
    } else if (/(^|:)alias\/aws\//.test(value)) {
      ctx.addIssue({
        code: "custom",
        message:
          "Keys under alias/aws/ are AWS managed and cannot be shared across accounts. Enter the full ARN of a customer managed key.",
      });
    } else if (/(^|:)alias\//.test(value)) {
      ctx.addIssue({
        code: "custom",
        message: "An alias resolves in the caller's account. Enter the full key ARN (arn:aws:kms:REGION:ACCOUNT:key/KEY-ID).",
      });
    } else {
      const parsed = kmsKeyArn.safeParse(value);
      if (!parsed.success) ctx.addIssue({ code: "custom", message: parsed.error.issues[0]?.message ?? "Invalid KMS key ARN." });
    }
  }),
);

/** AWS partition of a Region code, used to build ARNs (aws, aws-cn, aws-us-gov). */
export function partitionOf(regionCode: string): string {
  if (regionCode.startsWith("cn-")) return "aws-cn";
  if (regionCode.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}
