// Several sources into one vault, one plan: the vault's bucket and key policies are written once with
// every new principal (and foreign statements kept), each source gets its role and rule, one role per
// account on request, and the policy size limit is checked on the consolidated document.
import { describe, expect, it } from "vitest";
import { freshBucket, freshKey, freshObserved } from "@/testing/plan-fixtures";
import { awsPrincipals, mergeConsolidated } from "@/lib/plan/merge";
import { buildManySourcesPlan, mergeConsolidatedMany, type SourceObserved, type VaultObserved } from "@/lib/plan/onboard";
import type { Json } from "@/lib/plan/types";
import { defaultWizardInput, wizardInput, type WizardInput } from "@/lib/schema/wizard";

const VAULT_KEY = "arn:aws:kms:eu-west-1:222222222222:key/66666666-7777-8888-9999-000000000000";
const srcKey = (account: string) => `arn:aws:kms:eu-west-1:${account}:key/11111111-2222-3333-4444-555555555555`;
const SOURCES = [
  ["111111111111", "lockbridge-demo-source"],
  ["333333333333", "lockbridge-demo-payroll"],
  ["333333333333", "lockbridge-demo-ledger"],
] as const;

const inputOf = (account: string, bucket: string): WizardInput =>
  wizardInput.parse(
    defaultWizardInput({
      accounts: {
        source: { accountId: account, region: "eu-west-1", bucket, access: "plan-only" },
        destination: { accountId: "222222222222", region: "eu-west-1", bucket: "lockbridge-demo-vault", access: "plan-only" },
      },
      encryption: { mode: "sse-kms", sourceKeyArn: srcKey(account), destinationKeyArn: VAULT_KEY, bucketKeys: true },
      objectLock: { retention: { enabled: true, mode: "GOVERNANCE", unit: "Days", value: 1 } },
    }),
  );

const foreign = {
  Sid: "AuditorsRead",
  Effect: "Allow",
  Principal: { AWS: "arn:aws:iam::999999999999:role/auditor" },
  Action: "s3:GetObject",
  Resource: "arn:aws:s3:::lockbridge-demo-vault/*",
};
const vault = (): VaultObserved => ({
  destination: {
    status: "found",
    value: { ...freshBucket(), policy: { status: "found", value: { Version: "2012-10-17", Statement: [foreign] } } },
  },
  destinationKey: { status: "found", value: freshKey(VAULT_KEY, "eu-west-1", "222222222222") },
});
const sourceObserved = (input: WizardInput): SourceObserved => {
  const o = freshObserved(input);
  return { source: o.source, role: o.role, ...(o.sourceKey ? { sourceKey: o.sourceKey } : {}) };
};
const principalsOf = (doc: Json | null, sid: string) => {
  const st = (doc as { Statement: Json[] }).Statement.find((s) => (s as { Sid?: string }).Sid === sid);
  return st ? awsPrincipals(st) : [];
};

describe("several sources into one vault", () => {
  it("merges many principals at once exactly as adding them one after another", () => {
    const owned = ["LockbridgeReplication", "LockbridgeReplicationOwnerOverride"];
    const render = (sid: string, principals: string[]) => ({
      Sid: sid,
      Effect: "Allow",
      Principal: { AWS: principals.length === 1 ? principals[0]! : principals },
      Action: "s3:ReplicateObject",
      Resource: "arn:aws:s3:::v/*",
    });
    const live = {
      Version: "2012-10-17",
      Statement: [
        foreign,
        render("LockbridgeReplication", ["arn:aws:iam::111111111111:role/a", "arn:aws:iam::111111111111:role/b"]),
        { Effect: "Deny", Principal: "*", Action: "s3:DeleteBucket", Resource: "arn:aws:s3:::v" },
      ],
    };
    const additions = Array.from({ length: 30 }, (_, i) => ({
      principal: `arn:aws:iam::111111111111:role/${"abcdefghij"[i % 10]}${i % 7}`,
      sid: owned[i % 3 === 0 ? 0 : 1]!,
    }));
    additions.push({ principal: "arn:aws:iam::111111111111:role/a", sid: owned[1]! });
    let sequential: Json = live;
    for (const a of additions)
      sequential = mergeConsolidated({
        live: sequential as never,
        base: { Version: "2012-10-17", Statement: [] },
        owned,
        principal: a.principal,
        sid: a.sid,
        render,
      });
    expect(mergeConsolidatedMany({ live, base: { Version: "2012-10-17", Statement: [] }, owned, additions, render })).toEqual(sequential);
  });

  it("writes the vault's bucket and key policy once, with every source role, and one rule per bucket", () => {
    const inputs = SOURCES.map(([a, b]) => inputOf(a, b));
    const plan = buildManySourcesPlan(inputs, vault(), inputs.map(sourceObserved));
    expect(plan.errors).toEqual([]);
    expect(plan.applyable).toBe(true);
    const writes = [...plan.vault, ...plan.sources.flatMap((s) => s.changes)].filter((c) => c.kind !== "no-op");
    expect(writes.filter((c) => c.action === "PutBucketPolicy")).toHaveLength(1);
    expect(writes.filter((c) => c.action === "PutKeyPolicy")).toHaveLength(1);
    expect(writes.filter((c) => c.action === "PutObjectLockConfiguration")).toHaveLength(1);
    expect(writes.filter((c) => c.action === "PutBucketReplication").map((c) => c.target)).toEqual(SOURCES.map(([, b]) => b));
    const roles = plan.sources.map((s) => s.names.roleArn);
    expect(new Set(roles).size).toBe(3);
    const bucketPolicy = plan.vault.find((c) => c.action === "PutBucketPolicy")!;
    expect(principalsOf(bucketPolicy.after, "LockbridgeReplicationOwnerOverride")).toEqual(roles);
    expect((bucketPolicy.after as { Statement: Json[] }).Statement[0]).toEqual(foreign);
    expect(bucketPolicy.before).toEqual({ Version: "2012-10-17", Statement: [foreign] });
    expect(principalsOf(plan.vault.find((c) => c.action === "PutKeyPolicy")!.after, "LockbridgeReplicaEncryptionBucketKeys")).toEqual(
      roles,
    );
    expect(plan.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it("with one role per account, the two buckets of 333333333333 share a role created once", () => {
    const inputs = SOURCES.map(([a, b]) => inputOf(a, b));
    const plan = buildManySourcesPlan(inputs, vault(), inputs.map(sourceObserved), { sharedRole: true });
    expect(plan.errors).toEqual([]);
    const creates = plan.sources.flatMap((s) => s.changes).filter((c) => c.action === "CreateRole" && c.kind !== "no-op");
    expect(creates.map((c) => c.accountId)).toEqual(["111111111111", "333333333333"]);
    const roles = [...new Set(plan.sources.map((s) => s.names.roleArn))];
    expect(roles).toHaveLength(2);
    expect(principalsOf(plan.vault.find((c) => c.action === "PutBucketPolicy")!.after, "LockbridgeReplicationOwnerOverride")).toEqual(
      roles,
    );
    // Each bucket keeps its own inline policy on the shared role.
    const policies = plan.sources.flatMap((s) => s.changes).filter((c) => c.action === "PutRolePolicy" && c.accountId === "333333333333");
    expect(policies.map((c) => (c.after as { PolicyName: string }).PolicyName)).toHaveLength(2);
  });

  it("refuses when the consolidated bucket policy would pass 20 KB, and a source aimed at another vault", () => {
    const many = Array.from({ length: 260 }, (_, i) => inputOf(String(100000000000 + i), `app-${String(i).padStart(3, "0")}-logs`));
    const plan = buildManySourcesPlan(many, vault(), many.map(sourceObserved));
    expect(plan.applyable).toBe(false);
    expect(plan.errors.map((e) => e.message).join(" ")).toContain("S3 allows 20480");
    const other = wizardInput.parse({
      ...inputOf("444444444444", "x-logs"),
      accounts: {
        ...inputOf("444444444444", "x-logs").accounts,
        destination: { accountId: "222222222222", region: "eu-west-1", bucket: "another-vault", access: "plan-only" },
      },
    });
    const mixed = buildManySourcesPlan([inputOf(...SOURCES[0]), other], vault(), [inputOf(...SOURCES[0]), other].map(sourceObserved));
    expect(mixed.errors.map((e) => e.message)).toContain("x-logs targets another vault (222222222222/another-vault).");
  });
});
