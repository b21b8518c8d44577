// buildPlan-level behaviour not covered by the JSON cases: limits, fingerprint, documents, exports.
import { describe, expect, it } from "vitest";
import { defaultWizardInput, wizardInput, type WizardDefaultsPartial } from "../schema/wizard";
import { buildPlan } from "./build";
import { statementsOf } from "./canonical";
import { exportCliScript } from "./export/cli";
import { exportPlanJson, parsePlanJson, planForAccount } from "./export/json";
import { exportTerraform } from "./export/terraform";
import { applyToObserved, freshObserved, TEST_ACCOUNTS, TEST_KMS } from "../../testing/plan-fixtures";
import { emptyObserved, type ObservedState } from "./observed";
import { renderBucketPolicyStatement } from "./render/policies";
import type { Json, Plan } from "./types";
import { LIMITS, policyProblems, utf8Bytes } from "./validate";

const inputOf = (p: WizardDefaultsPartial = {}) => wizardInput.parse(defaultWizardInput({ accounts: TEST_ACCOUNTS, ...p }));
const change = (plan: Plan, id: string) => plan.changes.find((c) => c.id === id)!;

function withBucketPolicy(observed: ObservedState, policy: Json): ObservedState {
  if (observed.destination.status !== "found") throw new Error("fixture");
  return {
    ...observed,
    destination: { status: "found", value: { ...observed.destination.value, policy: { status: "found", value: policy as never } } },
  };
}

describe("limits", () => {
  it("a vault bucket policy holds at least 150 source roles under 20 KB", () => {
    const principals = Array.from(
      { length: 150 },
      (_, i) => `arn:aws:iam::${100000000000 + i}:role/service-role/lockbridge-app-${i}-logs-to-central-vault`,
    );
    const doc = { Version: "2012-10-17", Statement: [renderBucketPolicyStatement("arn:aws:s3:::central-vault", principals, true)] };
    expect(utf8Bytes(doc)).toBeLessThan(LIMITS.bucketPolicyBytes);
  });
  it("an oversized merged bucket policy is an error, and the plan is not applyable", () => {
    const input = inputOf();
    const big = {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "Big",
          Effect: "Allow",
          Principal: "*",
          Action: "s3:GetObject",
          Resource: Array.from({ length: 400 }, (_, i) => `arn:aws:s3:::central-vault/some/long/prefix/${i}/*`),
        },
      ],
    };
    const plan = buildPlan(input, withBucketPolicy(freshObserved(input), big));
    expect(plan.applyable).toBe(false);
    expect(plan.errors.map((e) => e.path)).toContain("destination.bucketPolicy");
  });
  it("role inline policies over 10,240 characters are an error", () => {
    const input = inputOf();
    const observed = freshObserved(input);
    const huge = {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: "ec2:Describe*",
          Resource: Array.from({ length: 250 }, (_, i) => `arn:aws:ec2:eu-west-1:111122223333:instance/i-${i}`),
        },
      ],
    };
    observed.role = {
      status: "found",
      value: {
        arn: "arn:aws:iam::111122223333:role/service-role/lockbridge-app-logs-to-central-vault",
        roleName: "lockbridge-app-logs-to-central-vault",
        path: "/service-role/",
        trust: { Statement: [] },
        inlinePolicies: { huge },
        attachedPolicies: [],
        permissionsBoundary: null,
      },
    };
    const plan = buildPlan(input, observed);
    expect(plan.errors.find((e) => e.path === "source.rolePolicy")?.message).toMatch(/10240/);
  });
  it("resource policies need a principal, identity policies must not have one", () => {
    expect(policyProblems({ Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] }, "resource", "p")[0]?.message).toMatch(
      /needs a Principal/,
    );
    expect(
      policyProblems({ Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:*", Resource: "*" }] }, "identity", "p")[0]?.message,
    ).toMatch(/must not have a Principal/);
    expect(
      policyProblems({ Statement: [{ Effect: "Allow", Principal: { AWS: [] }, Action: "s3:*", Resource: "*" }] }, "resource", "p")[0]
        ?.message,
    ).toMatch(/principal list is empty/);
  });
  it("warns near 1000 rules and errors above", () => {
    const input = inputOf({ rule: { priority: 5000 } });
    const observed = freshObserved(input);
    const rules = Array.from({ length: 1000 }, (_, i) => ({
      ID: `r${i}`,
      Priority: i,
      Status: "Enabled",
      Filter: { Prefix: `p${i}/` },
      DeleteMarkerReplication: { Status: "Disabled" },
      Destination: { Bucket: "arn:aws:s3:::x" },
    }));
    if (observed.source.status === "found")
      observed.source.value.replication = {
        status: "found",
        value: { Role: "arn:aws:iam::111122223333:role/service-role/lockbridge-app-logs-to-central-vault", Rules: rules },
      };
    expect(
      buildPlan(input, observed)
        .errors.map((e) => e.message)
        .join(),
    ).toMatch(/at most 1000 rules/);
  });
});

describe("fingerprint", () => {
  it("is stable across key order and statement order of observed documents, and changes on drift", () => {
    const input = inputOf();
    const a = {
      Version: "2012-10-17",
      Statement: [
        { Sid: "A", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*" },
        { Sid: "B", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*" },
      ],
    };
    const b = {
      Statement: [
        { Resource: "*", Action: "s3:GetObject", Principal: "*", Effect: "Allow", Sid: "B" },
        { Action: "s3:*", Sid: "A", Effect: "Deny", Principal: "*", Resource: "*" },
      ],
      Version: "2012-10-17",
    };
    const p1 = buildPlan(input, withBucketPolicy(freshObserved(input), a));
    const p2 = buildPlan(input, withBucketPolicy(freshObserved(input), b));
    expect(p1.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(buildPlan(input, withBucketPolicy(freshObserved(input), a)).fingerprint).toBe(p1.fingerprint);
    expect(change(p2, "destination.bucketPolicy").kind).toBe("update");
    // Statement order differs in the live document, so its observed hash differs (apply sees drift) ...
    expect(p2.observedHashes["destination.policy"]).not.toBe(p1.observedHashes["destination.policy"]);
    // ... while key order alone changes nothing.
    const c = { Statement: a.Statement.map((s) => Object.fromEntries(Object.entries(s).reverse())), Version: "2012-10-17" };
    expect(buildPlan(input, withBucketPolicy(freshObserved(input), c)).fingerprint).toBe(p1.fingerprint);
    const drift = {
      ...a,
      Statement: [...a.Statement, { Sid: "C", Effect: "Allow", Principal: "*", Action: "s3:ListBucket", Resource: "*" }],
    };
    expect(buildPlan(input, withBucketPolicy(freshObserved(input), drift)).fingerprint).not.toBe(p1.fingerprint);
  });
});

describe("documents", () => {
  it("lists every document the review shows", () => {
    const input = inputOf({ encryption: TEST_KMS });
    const plan = buildPlan(input, freshObserved(input));
    expect(plan.documents.map((d) => d.id)).toEqual(["objectLock", "trust", "permissions", "keyPolicy", "bucketPolicy", "replication"]);
    const key = plan.documents.find((d) => d.id === "keyPolicy")!;
    expect(statementsOf(key.before)).toHaveLength(1);
    expect(statementsOf(key.after)).toHaveLength(2);
  });
});

describe("plan JSON export", () => {
  it("round-trips", () => {
    const input = inputOf({ encryption: TEST_KMS, rule: { scope: "prefix", prefix: 'we"ird\\' } });
    const plan = buildPlan(input, freshObserved(input));
    const parsed = parsePlanJson(exportPlanJson(plan));
    expect(parsed).toEqual({ ok: true, plan });
  });
  it("exports one account's half", () => {
    const input = inputOf({ encryption: TEST_KMS });
    const plan = buildPlan(input, emptyObserved(input));
    const half = parsePlanJson(exportPlanJson(plan, { account: "destination" }));
    expect(half.ok && half.plan.scope).toBe("destination");
    expect(half.ok && half.plan.changes.map((c) => c.id)).toEqual([
      "destination.versioning",
      "destination.objectLock",
      "destination.keyPolicy",
      "destination.bucketPolicy",
    ]);
    expect(planForAccount(plan, "source").documents.every((d) => d.account === "source")).toBe(true);
  });
  it("never carries the access roles and ExternalIds Lockbridge reaches the accounts with", () => {
    const roles = {
      source: {
        ...TEST_ACCOUNTS!.source!,
        access: "role",
        roleArn: "arn:aws:iam::111122223333:role/LockbridgeAccess",
        externalId: "lockbridge-source-secret-1",
      },
      destination: {
        ...TEST_ACCOUNTS!.destination!,
        access: "role",
        roleArn: "arn:aws:iam::444455556666:role/LockbridgeAccess",
        externalId: "lockbridge-vault-secret-2",
      },
    } as WizardDefaultsPartial["accounts"];
    const input = inputOf({ accounts: roles });
    const plan = buildPlan(input, freshObserved(input));
    for (const text of [
      exportPlanJson(plan),
      exportPlanJson(plan, { account: "destination" }),
      exportPlanJson(plan, { account: "source" }),
    ]) {
      expect(text).not.toContain("LockbridgeAccess");
      expect(text).not.toContain("secret-");
      const parsed = parsePlanJson(text);
      expect(parsed.ok && parsed.plan.input.accounts.destination.access).toBe("plan-only");
      expect(parsed.ok && parsed.plan.fingerprint).toBe(plan.fingerprint);
    }
  });
  it("rejects malformed plans with paths", () => {
    expect(parsePlanJson("{").ok).toBe(false);
    const r = parsePlanJson(JSON.stringify({ version: 2 }));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors.map((e) => e.path)).toContain("version");
  });
});

describe("CLI and Terraform exports", () => {
  const input = inputOf({
    encryption: TEST_KMS,
    rule: { scope: "prefix-tags", prefix: "a'b${HOME}`x`", tags: [{ key: 'k"}]', value: "${v}%{w}" }] },
  });
  const plan = buildPlan(input, freshObserved(input));
  it("CLI: profiles, expected bucket owner on every s3api call, quoted heredocs, plan order", () => {
    const script = exportCliScript(plan);
    expect(script).toContain('SOURCE_PROFILE="${SOURCE_PROFILE:-lockbridge-source}"');
    expect(script).toContain('DESTINATION_PROFILE="${DESTINATION_PROFILE:-lockbridge-destination}"');
    expect(script).toContain("set -euo pipefail");
    // Writes go through lb_write (one line each, in plan order); reads through lb_read.
    const writes = script
      .split("\n")
      .map((l) => /lb_write \d+ '[^']*' (aws .*)$/.exec(l)?.[1])
      .filter((l): l is string => l !== undefined);
    for (const l of [...writes, ...script.split("\n").filter((l) => l.includes("lb_read") && l.includes("s3api"))].filter((l) =>
      l.includes("s3api"),
    ))
      expect(l).toMatch(/--expected-bucket-owner '\d{12}'/);
    const heredocs = script.split("\n").filter((l) => l.includes("<<"));
    for (const l of heredocs) expect(l).toMatch(/<<'LOCKBRIDGE_(JSON|PY)'$/);
    expect(writes.map((l) => l.split(" ").slice(1, 3).join(" "))).toEqual([
      "s3api put-bucket-versioning",
      "s3api put-object-lock-configuration",
      "iam create-role",
      "iam update-assume-role-policy",
      "iam put-role-policy",
      "kms put-key-policy",
      "s3api put-bucket-policy",
      "s3api put-bucket-versioning",
      "s3api put-bucket-replication",
    ]);
    expect(script).toContain(JSON.stringify("a'b${HOME}`x`"));
  });
  it("CLI half: only the source account's calls, the other half named as prerequisites", () => {
    const script = exportCliScript(plan, { account: "source" });
    expect(script).not.toContain('$DESTINATION_PROFILE" --');
    expect(script).toContain("# Run first in the destination account (not in this script): destination.objectLock");
  });
  it("Terraform: two aliased providers, all resources, merged documents, escaped templates", () => {
    const tf = exportTerraform(plan);
    expect(tf.match(/provider "aws" \{/g)).toHaveLength(2);
    for (const r of [
      'resource "aws_s3_bucket_versioning" "destination"',
      'resource "aws_s3_bucket_object_lock_configuration" "destination"',
      'resource "aws_iam_role" "replication"',
      'resource "aws_iam_role_policy" "replication"',
      'resource "aws_kms_key_policy" "destination"',
      'resource "aws_s3_bucket_policy" "destination"',
      'resource "aws_s3_bucket_versioning" "source"',
      'resource "aws_s3_bucket_replication_configuration" "source"',
    ])
      expect(tf).toContain(r);
    expect(tf).toContain("owns the WHOLE replication configuration");
    expect(tf).toContain('"k\\"}]" = "$${v}%%{w}"');
    expect(tf).toContain('prefix = "a\'b$${HOME}`x`"');
    expect(tf).toContain("Enable IAM User Permissions");
    expect(tf).not.toMatch(/[^$]\$\{(?!var)/);
  });
});

describe("the inline policy name", () => {
  const named = (source: string) =>
    inputOf({ accounts: { ...TEST_ACCOUNTS, source: { ...TEST_ACCOUNTS!.source!, bucket: source } } as WizardDefaultsPartial["accounts"] });
  const policyNameOf = (plan: Plan) => {
    const c = plan.changes.find((x) => x.id === "source.rolePolicy");
    return c?.action === "PutRolePolicy" ? c.after?.PolicyName : undefined;
  };

  it("does not double the lockbridge- prefix of a bucket already named so", () => {
    const input = named("lockbridge-demo-source");
    expect(policyNameOf(buildPlan(input, freshObserved(input)))).toBe("lockbridge-demo-source-to-central-vault");
    const other = named("app-logs");
    expect(policyNameOf(buildPlan(other, freshObserved(other)))).toBe("lockbridge-app-logs-to-central-vault");
  });

  it("keeps the older doubled name on a role that already carries it, so no second copy is added", () => {
    const input = named("lockbridge-demo-source");
    const fresh = applyToObserved(buildPlan(input, freshObserved(input)), freshObserved(input));
    if (fresh.role.status !== "found") throw new Error("the role should exist after the first apply");
    const docs = fresh.role.value.inlinePolicies;
    const legacy = "lockbridge-lockbridge-demo-source-to-central-vault";
    fresh.role.value.inlinePolicies = { [legacy]: docs["lockbridge-demo-source-to-central-vault"]! };
    const again = buildPlan(input, fresh);
    expect(policyNameOf(again)).toBe(legacy);
    expect(again.changes.find((x) => x.id === "source.rolePolicy")?.kind).toBe("no-op");
  });
});
