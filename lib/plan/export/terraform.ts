// Terraform (hashicorp/aws >= 5): two aliased providers, one per account, each assuming the role typed
// in the wizard. Documents are the merged ones: these resources own whole documents in AWS.
import { unhandled } from "../exhaustive";
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

function resource(c: Change, plan: Plan, deps: string[]): string[] {
  const [type, name] = (RESOURCE[c.id] ?? "").split(".") as [string, string];
  const head = [`resource "${type}" "${name}" {`, `  provider = aws.${c.account}`];
  const tail = [...(deps.length > 0 ? [`  depends_on = [${deps.join(", ")}]`] : []), "}", ""];
  const bucket = [`  bucket = ${hclString(c.target)}`];
  const owner = [`  expected_bucket_owner = ${hclString(c.accountId)}`];
  switch (c.action) {
    case "PutBucketVersioning":
      return [...head, ...bucket, ...owner, "  versioning_configuration {", '    status = "Enabled"', "  }", ...tail];
    case "PutObjectLockConfiguration":
      return [...head, ...bucket, ...owner, ...hclBody(c.after, "  "), ...tail];
    case "CreateRole": {
      const a = c.after;
      return [...head, `  name = ${hclString(a.RoleName)}`, `  path = ${hclString(a.Path)}`, `  assume_role_policy = ${hclJsonHeredoc(a.AssumeRolePolicyDocument)}`, ...tail];
    }
    case "UpdateAssumeRolePolicy":
      return [
        `# Existing role ${plan.names.roleName} is not managed here.`,
        ...(c.kind === "no-op" ? [] : ["# Its trust policy must let s3.amazonaws.com assume it; set it to:", ...hclJsonHeredoc(c.after.PolicyDocument).split("\n").map((l) => `#   ${l}`)]),
        "",
      ];
    case "PutRolePolicy": {
      const a = c.after;
      if (a === null) return ["# The role's existing policies already grant every replication permission.", ""];
      return [...head, `  name   = ${hclString(a.PolicyName)}`, `  role   = ${hclString(a.RoleName)}`, `  policy = ${hclJsonHeredoc(a.PolicyDocument)}`, ...tail];
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
      return ["# aws_s3_bucket_policy owns the whole bucket policy: foreign statements are included as they were.", ...head, ...bucket, `  policy = ${hclJsonHeredoc(c.after)}`, ...tail];
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
  const present = new Set(changes.filter((c) => !(c.action === "UpdateAssumeRolePolicy" || (c.action === "PutRolePolicy" && c.after === null))).map((c) => c.id));
  const lines = [
    "# Generated by Lockbridge.",
    `# Plan fingerprint: ${plan.fingerprint}`,
    ...plan.errors.map((e) => `# PLAN ERROR (${e.path}): ${oneLine(e.message)}`),
    "terraform {",
    "  required_providers {",
    '    aws = { source = "hashicorp/aws", version = ">= 5.0" }',
    "  }",
    "}",
    "",
    ...sides.flatMap((s) => provider(plan, s)),
  ];
  for (const c of changes) {
    const deps = c.dependsOn.filter((d) => present.has(d)).map((d) => RESOURCE[d]!);
    lines.push(`# ${c.id}: ${oneLine(c.description)}`, ...resource(c, plan, deps));
  }
  return lines.join("\n");
}
