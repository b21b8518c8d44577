// Terraform (hashicorp/aws >= 5): two aliased providers, one per account, each assuming the role typed
// in the wizard. Documents are the merged ones: these resources own whole documents in AWS, so:
// - a plan with errors fails at `terraform plan` (a precondition that always fails, naming the errors);
// - a resource that owns a whole document Lockbridge did not read (plan-only) carries a precondition
//   that fails until the person says they merged the live document by hand (a variable per document);
// - the file says which resources own whole documents and what `terraform destroy` does to them.
import { unhandled } from "../exhaustive";
import { trustStatement } from "../render/policies";
import type { AccountSide, Change, Plan } from "../types";
import { exportedChanges, oneLine } from "./common";
import { hclBody, hclJsonHeredoc, hclString } from "./hcl";

const RESOURCE: Partial<Record<Change["id"], string>> = {
  "destination.versioning": "aws_s3_bucket_versioning.destination",
  "destination.objectLock": "aws_s3_bucket_object_lock_configuration.destination",
  "source.role": "aws_iam_role.replication",
  "source.rolePolicy": "aws_iam_role_policy.replication",
  "destination.keyPolicy": "aws_kms_key_policy.destination",
  "destination.bucketPolicy": "aws_s3_bucket_policy.destination",
  "source.versioning": "aws_s3_bucket_versioning.source",
  "source.replication": "aws_s3_bucket_replication_configuration.source",
};

function provider(plan: Plan, side: AccountSide): string[] {
  const s = plan.input.accounts[side];
  return [
    `variable "${side}_role_arn" {`,
    `  description = "Role to assume in the ${side} account (empty: use ambient credentials)"`,
    "  type        = string",
    `  default     = ${hclString(s.roleArn ?? "")}`,
    "}",
    `variable "${side}_external_id" {`,
    "  type    = string",
    `  default = ${hclString(s.externalId ?? "")}`,
    "}",
    'provider "aws" {',
    `  alias               = "${side}"`,
    `  region              = ${hclString(s.region)}`,
    `  allowed_account_ids = [${hclString(s.accountId)}]`,
    '  dynamic "assume_role" {',
    `    for_each = var.${side}_role_arn == "" ? [] : [1]`,
    "    content {",
    `      role_arn    = var.${side}_role_arn`,
    `      external_id = var.${side}_external_id == "" ? null : var.${side}_external_id`,
    "    }",
    "  }",
    "}",
    "",
  ];
}

/** Whole documents a resource owns, in words (for the unread-document precondition). */
const WHOLE: Partial<Record<Change["id"], string>> = {
  "destination.objectLock": "Object Lock configuration (default retention)",
  "source.rolePolicy": "inline role policy",
  "destination.keyPolicy": "key policy",
  "destination.bucketPolicy": "bucket policy",
  "source.replication": "replication configuration",
};

/** Name of the variable that acknowledges a hand-merged unread document. */
const ackVariable = (c: Change) => `lockbridge_merged_${c.id.split(".")[1]!.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`)}`;

function unreadGuard(c: Change): { variable: string[]; lifecycle: string[] } {
  const what = WHOLE[c.id];
  if (!c.stateUnknown || !what) return { variable: [], lifecycle: [] };
  const v = ackVariable(c);
  const message =
    `Lockbridge did not read the live ${what} of ${c.target} (plan-only), and this resource replaces the WHOLE document: ` +
    `whatever is live now (statements, rules or retention someone else set) would be lost. Read it, merge the live content into the document in this file, ` +
    `then run with -var ${v}=true. Or use the AWS CLI script from Lockbridge, which merges at run time.`;
  return {
    variable: [
      `variable "${v}" {`,
      `  description = ${hclString(`Set to true once the live ${what} of ${c.target} is merged into this file by hand.`)}`,
      "  type        = bool",
      "  default     = false",
      "}",
      "",
    ],
    lifecycle: [
      "  lifecycle {",
      "    precondition {",
      `      condition     = var.${v}`,
      `      error_message = ${hclString(message)}`,
      "    }",
      "  }",
    ],
  };
}

function resource(c: Change, plan: Plan, deps: string[]): string[] {
  const [type, name] = (RESOURCE[c.id] ?? "").split(".") as [string, string];
  const guard = unreadGuard(c);
  const head = [...guard.variable, `resource "${type}" "${name}" {`, `  provider = aws.${c.account}`];
  const tail = [...guard.lifecycle, ...(deps.length > 0 ? [`  depends_on = [${deps.join(", ")}]`] : []), "}", ""];
  const bucket = [`  bucket = ${hclString(c.target)}`];
  const owner = [`  expected_bucket_owner = ${hclString(c.accountId)}`];
  switch (c.action) {
    case "PutBucketVersioning":
      return [...head, ...bucket, ...owner, "  versioning_configuration {", '    status = "Enabled"', "  }", ...tail];
    case "PutObjectLockConfiguration":
      return [...head, ...bucket, ...owner, ...hclBody(c.after, "  "), ...tail];
    case "CreateRole": {
      const a = c.after;
      return [
        ...head,
        `  name = ${hclString(a.RoleName)}`,
        `  path = ${hclString(a.Path)}`,
        `  assume_role_policy = ${hclJsonHeredoc(a.AssumeRolePolicyDocument)}`,
        ...tail,
      ];
    }
    case "UpdateAssumeRolePolicy":
      return [
        `# Existing role ${plan.names.roleName} is not managed here (never created: it exists).`,
        ...(c.stateUnknown
          ? [
              "# Its trust policy was not read: if nothing in it lets s3.amazonaws.com assume the role, add this statement:",
              ...hclJsonHeredoc(trustStatement(plan.input.accounts.source.accountId, plan.names.sourceBucketArn))
                .split("\n")
                .map((l) => `#   ${l}`),
            ]
          : c.kind === "no-op"
            ? []
            : [
                "# Its trust policy must let s3.amazonaws.com assume it; set it to:",
                ...hclJsonHeredoc(c.after?.PolicyDocument ?? null)
                  .split("\n")
                  .map((l) => `#   ${l}`),
              ]),
        "",
      ];
    case "PutRolePolicy": {
      const a = c.after;
      if (a === null) return ["# The role's existing policies already grant every replication permission.", ""];
      return [
        ...head,
        `  name   = ${hclString(a.PolicyName)}`,
        `  role   = ${hclString(a.RoleName)}`,
        `  policy = ${hclJsonHeredoc(a.PolicyDocument)}`,
        ...tail,
      ];
    }
    case "PutKeyPolicy":
      return [
        "# aws_kms_key_policy REPLACES the whole key policy. This is the live policy merged with our statement",
        "# at plan time; re-plan before applying if anyone changed the key policy since.",
        ...head,
        `  key_id = ${hclString(c.target)}`,
        `  policy = ${hclJsonHeredoc(c.after)}`,
        ...tail,
      ];
    case "PutBucketPolicy":
      return [
        "# aws_s3_bucket_policy owns the whole bucket policy: foreign statements are included as they were.",
        ...head,
        ...bucket,
        `  policy = ${hclJsonHeredoc(c.after)}`,
        ...tail,
      ];
    case "PutBucketReplication": {
      const a = c.after;
      const rules = a.Rules;
      return [
        "# WARNING: this resource owns the WHOLE replication configuration of the source bucket. Every rule",
        "# live at plan time is listed (ours and foreign ones); a rule removed here is deleted in AWS.",
        ...head,
        ...bucket,
        `  role   = ${hclString(a.Role)}`,
        ...rules.flatMap((r) => ["  rule {", ...hclBody(r, "    "), "  }"]),
        ...tail,
      ];
    }
    // Deletes only occur in rollback plans, which are applied by Lockbridge, not exported as Terraform.
    case "DeleteBucketPolicy":
    case "DeleteBucketReplication":
    case "DeleteRolePolicy":
    case "DeleteRole":
      return [`# ${c.description} (a rollback step: not expressed as Terraform).`, ""];
    default:
      return unhandled(c);
  }
}

/** Terraform configuration for the whole plan, or one account's half. */
export function exportTerraform(plan: Plan, options: { account?: AccountSide } = {}): string {
  const changes = exportedChanges(plan, options.account);
  const sides = options.account ? [options.account] : (["destination", "source"] as const);
  const present = new Set(
    changes.filter((c) => !(c.action === "UpdateAssumeRolePolicy" || (c.action === "PutRolePolicy" && c.after === null))).map((c) => c.id),
  );
  const lines = [
    "# Generated by Lockbridge.",
    `# Plan fingerprint: ${plan.fingerprint}`,
    ...plan.errors.map((e) => `# PLAN ERROR (${oneLine(e.path)}): ${oneLine(e.message)}`),
    "#",
    "# Resources below that own a WHOLE document in AWS (Terraform writes exactly the document in this file):",
    "# - aws_s3_bucket_policy: the vault's whole bucket policy. `terraform destroy` DELETES the bucket policy,",
    "#   foreign statements (other sources' roles, Deny statements) included.",
    "# - aws_kms_key_policy: the whole key policy. `terraform destroy` RESETS it to the KMS default policy:",
    "#   every other grant (key administrators, other sources' roles) is lost.",
    "# - aws_s3_bucket_replication_configuration: the source bucket's whole configuration. `terraform destroy`",
    "#   DELETES it, foreign rules included.",
    "# - aws_s3_bucket_object_lock_configuration: the vault's default retention. Object Lock itself can never be",
    "#   turned off again; destroy does not undo it.",
    "# - aws_s3_bucket_versioning: `terraform destroy` tries to SUSPEND versioning; on an Object Lock bucket",
    "#   AWS refuses that, and suspending the source's versioning stops replication.",
    "# - aws_iam_role_policy / aws_iam_role: Lockbridge's inline policy (and a role created here). Destroy deletes them.",
    "# Documents were merged with the live ones when the plan was built. A document Lockbridge could not read",
    "# (plan-only) makes `terraform plan` fail until you merge the live content by hand and set its",
    "# lockbridge_merged_* variable; re-plan in Lockbridge if anything changed since.",
  ];
  if (plan.errors.length > 0) {
    // terraform_data is built into Terraform (>= 1.4): no provider, and its precondition fails at plan time.
    const message = `This Lockbridge plan has ${plan.errors.length} error(s) and must not be applied: ${plan.errors.map((e) => oneLine(e.message)).join(" ")} Fix them in Lockbridge and export again.`;
    lines.push(
      "locals {",
      `  lockbridge_plan_errors = [${plan.errors.map((e) => hclString(oneLine(e.message))).join(", ")}]`,
      "}",
      'resource "terraform_data" "lockbridge_plan_errors" {',
      "  lifecycle {",
      "    precondition {",
      "      condition     = length(local.lockbridge_plan_errors) == 0",
      `      error_message = ${hclString(message)}`,
      "    }",
      "  }",
      "}",
      "",
    );
  }
  lines.push(
    "terraform {",
    '  required_version = ">= 1.4"',
    "  required_providers {",
    '    aws = { source = "hashicorp/aws", version = ">= 5.0" }',
    "  }",
    "}",
    "",
    ...sides.flatMap((s) => provider(plan, s)),
  );
  for (const c of changes) {
    const deps = c.dependsOn.filter((d) => present.has(d)).map((d) => RESOURCE[d]!);
    lines.push(`# ${c.id}: ${oneLine(c.description)}`, ...resource(c, plan, deps));
  }
  return lines.join("\n");
}
