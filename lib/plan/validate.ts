// Document validation before anything reaches AWS: size quotas and policy grammar. Returns
// problems; never throws. Errors make the plan non-applyable.
import { isObject, statementsOf } from "./canonical";
import { unhandled } from "./exhaustive";
import { awsPrincipals } from "./merge";
import type { Change, Json, PlanProblem, PlanWarning } from "./types";

// https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html (20 KB),
// https://docs.aws.amazon.com/kms/latest/developerguide/resource-limits.html (32 KB),
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html (IAM counts characters
// excluding whitespace: 10,240 for all inline policies of a role, 2,048 for a trust policy by default).
export const LIMITS = { bucketPolicyBytes: 20480, keyPolicyBytes: 32768, roleInlineChars: 10240, trustChars: 2048, rules: 1000 } as const;

export const utf8Bytes = (doc: Json) => new TextEncoder().encode(JSON.stringify(doc)).length;
export const iamChars = (doc: Json) => JSON.stringify(doc).replace(/\s/g, "").length;

type Kind = "resource" | "identity";

/** Grammar shared by all policies; resource policies need a principal, identity policies must not have one. */
export function policyProblems(doc: Json, kind: Kind, path: string): PlanProblem[] {
  const problems: PlanProblem[] = [];
  const statements = statementsOf(doc);
  if (statements.length === 0) problems.push({ path, message: "The policy has no statements." });
  statements.forEach((st, i) => {
    const at = `${path}.Statement[${i}]`;
    if (!isObject(st)) return problems.push({ path: at, message: "A statement must be an object." });
    if (st.Effect !== "Allow" && st.Effect !== "Deny") problems.push({ path: at, message: 'Effect must be "Allow" or "Deny".' });
    if (st.Action === undefined && st.NotAction === undefined)
      problems.push({ path: at, message: "A statement needs Action or NotAction." });
    const hasPrincipal = st.Principal !== undefined || st.NotPrincipal !== undefined;
    if (kind === "resource" && !hasPrincipal) problems.push({ path: at, message: "A resource policy statement needs a Principal." });
    if (kind === "identity" && hasPrincipal)
      problems.push({ path: at, message: "An identity policy statement must not have a Principal." });
    if (kind === "identity" && st.Resource === undefined && st.NotResource === undefined)
      problems.push({ path: at, message: "An identity policy statement needs Resource." });
    if (kind === "resource" && isObject(st.Principal) && st.Principal.AWS !== undefined && awsPrincipals(st).length === 0) {
      problems.push({ path: at, message: "The statement's principal list is empty." });
    }
    return undefined;
  });
  return problems;
}

const rootGrant = (st: Json) => awsPrincipals(st).some((p) => /^arn:[\w-]+:iam::\d{12}:root$/.test(p) || /^\d{12}$/.test(p));

export function validateChanges(changes: Change[], inlineOthersChars: number): { errors: PlanProblem[]; warnings: PlanWarning[] } {
  const errors: PlanProblem[] = [];
  const warnings: PlanWarning[] = [];
  for (const c of changes) {
    // Every action is listed: a new one fails to compile here until someone decides what to validate.
    switch (c.action) {
      case "PutBucketPolicy": {
        const a = c.after;
        errors.push(...policyProblems(a, "resource", c.id));
        const bytes = utf8Bytes(a);
        if (bytes > LIMITS.bucketPolicyBytes)
          errors.push({ path: c.id, message: `The bucket policy would be ${bytes} bytes; S3 allows ${LIMITS.bucketPolicyBytes}.` });
        else if (bytes > LIMITS.bucketPolicyBytes * 0.9)
          warnings.push({ path: c.id, message: `The bucket policy is ${bytes} of ${LIMITS.bucketPolicyBytes} bytes.` });
        break;
      }
      case "PutKeyPolicy": {
        const a = c.after;
        errors.push(...policyProblems(a, "resource", c.id));
        const bytes = utf8Bytes(a);
        if (bytes > LIMITS.keyPolicyBytes)
          errors.push({ path: c.id, message: `The key policy would be ${bytes} bytes; KMS allows ${LIMITS.keyPolicyBytes}.` });
        // Losing the account-root statement can make a key unmanageable; merge never drops it, this proves it.
        if (statementsOf(c.before).some(rootGrant) && !statementsOf(a).some(rootGrant)) {
          errors.push({ path: c.id, message: "The key policy would lose its account-root statement." });
        }
        break;
      }
      case "CreateRole":
      case "UpdateAssumeRolePolicy": {
        const trust = c.action === "CreateRole" ? c.after.AssumeRolePolicyDocument : c.after.PolicyDocument;
        errors.push(...policyProblems(trust, "resource", `${c.id}.trust`));
        const chars = iamChars(trust);
        if (chars > LIMITS.trustChars)
          errors.push({ path: c.id, message: `The trust policy would be ${chars} characters; IAM allows ${LIMITS.trustChars}.` });
        break;
      }
      case "PutRolePolicy": {
        if (c.after === null) break;
        const doc = c.after.PolicyDocument;
        errors.push(...policyProblems(doc, "identity", c.id));
        const total = iamChars(doc) + inlineOthersChars;
        if (total > LIMITS.roleInlineChars) {
          errors.push({
            path: c.id,
            message: `The role's inline policies would total ${total} characters (whitespace excluded); IAM allows ${LIMITS.roleInlineChars}.`,
          });
        }
        break;
      }
      case "PutBucketReplication": {
        const rules = c.after.Rules;
        if (rules.length > LIMITS.rules)
          errors.push({
            path: c.id,
            message: `A replication configuration holds at most ${LIMITS.rules} rules; this one would have ${rules.length}.`,
          });
        else if (rules.length >= 900)
          warnings.push({ path: c.id, message: `The replication configuration has ${rules.length} of ${LIMITS.rules} rules.` });
        break;
      }
      case "PutBucketVersioning":
      case "PutObjectLockConfiguration":
      case "DeleteBucketPolicy":
      case "DeleteBucketReplication":
      case "DeleteRolePolicy":
      case "DeleteRole":
        break;
      default:
        return unhandled(c);
    }
  }
  return { errors, warnings };
}
