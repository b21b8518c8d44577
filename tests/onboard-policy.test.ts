// The generated access role, as the CloudFormation template carries it, simulated with iam-simulate:
// it allows every call a plan for the onboarded buckets makes (and every call onboarding, Verify and the
// vault page make), and denies the same calls on a bucket that was not onboarded.
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { buildPlan } from "@/lib/plan";
import { iamSimulateEvaluator, planCalls, type OwnCall } from "@/lib/plan/diagnostics";
import { freshObserved } from "@/testing/plan-fixtures";
import {
  accessCalls,
  accessRolePolicy,
  cliScript,
  cloudFormationYaml,
  quickCreateLink,
  terraformSnippet,
  type AccessRoleSpec,
} from "@/lib/plan/onboard";
import { defaultKeyPolicy } from "@/lib/plan/render/policies";
import type { PolicyDocument } from "@/lib/plan/types";
import { defaultWizardInput, wizardInput } from "@/lib/schema/wizard";

const SRC = "111111111111";
const VAULT = "222222222222";
const SRC_KEY = `arn:aws:kms:eu-west-1:${SRC}:key/11111111-2222-3333-4444-555555555555`;
const VAULT_KEY = `arn:aws:kms:eu-west-1:${VAULT}:key/66666666-7777-8888-9999-000000000000`;
const server = "arn:aws:sts::123456789012:assumed-role/LockbridgeServer/i-0abc";

const spec = (part: "source" | "vault", buckets: string[], keyArns: string[]): AccessRoleSpec => ({
  part,
  accountId: part === "source" ? SRC : VAULT,
  region: "eu-west-1",
  buckets,
  keyArns,
  replicationRolePath: "/service-role/",
  accessRoleName: "LockbridgeAccess",
  trustedPrincipalArn: server,
  externalId: "lb-0123456789abcdef0123456789abcdef",
});

const planFor = (sourceBucket: string) => {
  const input = wizardInput.parse(
    defaultWizardInput({
      accounts: {
        source: {
          accountId: SRC,
          region: "eu-west-1",
          bucket: sourceBucket,
          access: "role",
          roleArn: `arn:aws:iam::${SRC}:role/LockbridgeAccess`,
        },
        destination: {
          accountId: VAULT,
          region: "eu-west-1",
          bucket: "vault-one",
          access: "role",
          roleArn: `arn:aws:iam::${VAULT}:role/LockbridgeAccess`,
        },
      },
      encryption: { mode: "sse-kms", sourceKeyArn: SRC_KEY, destinationKeyArn: VAULT_KEY, bucketKeys: true },
    }),
  );
  return buildPlan(input, freshObserved(input));
};

/** The role policy as the template deploys it (parsed back from the YAML). */
function templatePolicy(s: AccessRoleSpec): PolicyDocument {
  const doc = parse(cloudFormationYaml(s)) as {
    Resources: {
      LockbridgeAccessRole: { Properties: { Policies: { PolicyDocument: PolicyDocument }[]; AssumeRolePolicyDocument: PolicyDocument } };
    };
  };
  return doc.Resources.LockbridgeAccessRole.Properties.Policies[0]!.PolicyDocument;
}

async function decide(policy: PolicyDocument, account: string, call: Pick<OwnCall, "action" | "resource" | "context">) {
  const principal = `arn:aws:iam::${account}:role/LockbridgeAccess`;
  const outcome = await iamSimulateEvaluator({
    principal,
    action: call.action,
    resource: call.resource,
    resourceAccount: account,
    context: { "aws:PrincipalArn": principal, "aws:PrincipalAccount": account, ...(call.context ?? {}) },
    identityPolicies: [{ name: "lockbridge-access", document: policy }],
    // KMS needs the key policy too: the default one delegates to the account's IAM policies.
    ...(call.action.startsWith("kms:") ? { resourcePolicy: defaultKeyPolicy("aws", account) } : {}),
  });
  return outcome.kind === "result" ? outcome.result : `error: ${outcome.message}`;
}

describe("generated access role", () => {
  it("CloudFormation template parses as YAML, with the ExternalId as a parameter and the server as the only principal", () => {
    const s = spec("source", ["src-alpha", "src-beta"], [SRC_KEY]);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a parsed template, checked field by field below
    const doc = parse(cloudFormationYaml(s)) as Record<string, any>;
    expect(doc.AWSTemplateFormatVersion).toBe("2010-09-09");
    expect(doc.Parameters.ExternalId.Default).toBe(s.externalId);
    const trust = doc.Resources.LockbridgeAccessRole.Properties.AssumeRolePolicyDocument;
    expect(trust.Statement[0].Principal).toEqual({ AWS: "arn:aws:iam::123456789012:root" });
    expect(trust.Statement[0].Condition.StringEquals["sts:ExternalId"]).toEqual({ Ref: "ExternalId" });
    expect(trust.Statement[0].Condition.ArnLike["aws:PrincipalArn"]).toEqual([
      "arn:aws:iam::123456789012:role/LockbridgeServer",
      "arn:aws:iam::123456789012:role/*/LockbridgeServer",
    ]);
    expect(templatePolicy(s)).toEqual(accessRolePolicy(s));
    const link = new URL(quickCreateLink(s, "https://example-bucket.s3.amazonaws.com/lockbridge.yaml"));
    const q = new URLSearchParams(link.hash.split("?")[1]);
    expect(q.get("param_ExternalId")).toBe(s.externalId);
    expect(q.get("templateURL")).toBe("https://example-bucket.s3.amazonaws.com/lockbridge.yaml");
    expect(terraformSnippet(s)).toContain('resource "aws_iam_role" "lockbridge_access"');
    expect(cliScript(s)).toContain("aws iam put-role-policy --role-name 'LockbridgeAccess'");
  });

  it("source role: allows every call of the plans for its buckets and denies them on another bucket", async () => {
    const s = spec("source", ["src-alpha", "src-beta"], [SRC_KEY]);
    const policy = templatePolicy(s);
    const needed = [...planCalls(planFor("src-alpha")), ...planCalls(planFor("src-beta"))].filter((c) => c.account === "source");
    expect(needed.map((c) => c.action)).toContain("s3:PutReplicationConfiguration");
    expect(needed.map((c) => c.action)).toContain("iam:PassRole");
    const all = [...needed, ...accessCalls(s)];
    const denied: string[] = [];
    for (const c of all) if ((await decide(policy, SRC, c)) !== "Allowed") denied.push(`${c.action} ${c.resource}`);
    expect(denied).toEqual([]);

    // Bucket-scoped calls; replication roles are scoped by their path, not by bucket.
    const elsewhere = all
      .filter((c) => c.resource.startsWith("arn:aws:s3:::src-alpha"))
      .map((c) => ({ ...c, resource: c.resource.replace("src-alpha", "src-other") }));
    expect(elsewhere.length).toBeGreaterThan(10);
    for (const c of elsewhere) expect(await decide(policy, SRC, c), `${c.action} ${c.resource}`).toBe("ImplicitlyDenied");
    // PassRole only to S3, only roles under the replication path.
    const pass = needed.find((c) => c.action === "iam:PassRole")!;
    expect(await decide(policy, SRC, { ...pass, context: { "iam:PassedToService": "ec2.amazonaws.com" } })).toBe("ImplicitlyDenied");
    expect(await decide(policy, SRC, { ...pass, resource: `arn:aws:iam::${SRC}:role/Admin` })).toBe("ImplicitlyDenied");
    expect(await decide(policy, SRC, { action: "iam:CreateRole", resource: `arn:aws:iam::${SRC}:role/Admin` })).toBe("ImplicitlyDenied");
  });

  it("vault role: allows every call of the plans into its bucket and key and denies them on another bucket and key", async () => {
    const s = spec("vault", ["vault-one"], [VAULT_KEY]);
    const policy = templatePolicy(s);
    const needed = planCalls(planFor("src-alpha")).filter((c) => c.account === "destination");
    expect(needed.map((c) => c.action)).toEqual(
      expect.arrayContaining(["s3:PutBucketPolicy", "s3:PutBucketObjectLockConfiguration", "kms:PutKeyPolicy"]),
    );
    const all = [...needed, ...accessCalls(s)];
    for (const c of all) expect(await decide(policy, VAULT, c), `${c.action} ${c.resource}`).toBe("Allowed");
    const other = all
      .filter((c) => c.resource.includes("vault-one") || c.resource === VAULT_KEY)
      .map((c) => ({ ...c, resource: c.resource.replace("vault-one", "vault-other").replace("66666666-7777", "99999999-7777") }));
    for (const c of other) expect(await decide(policy, VAULT, c), `${c.action} ${c.resource}`).toBe("ImplicitlyDenied");
  });

  it("fits IAM's inline policy limit with the most buckets the form accepts", () => {
    const buckets = Array.from({ length: 40 }, (_, i) => `a-rather-long-bucket-name-for-team-${String(i).padStart(3, "0")}-logs`);
    const chars = JSON.stringify(accessRolePolicy(spec("source", buckets, [SRC_KEY]))).replace(/\s/g, "").length;
    expect(chars).toBeLessThanOrEqual(10_240);
  });
});
