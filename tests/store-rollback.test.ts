// Rollback: from a plan and its audit entries, the restore steps (reverse order, "before" documents,
// deletes for what did not exist) and the changes that cannot be undone.
import { describe, expect, it } from "vitest";
import type { Change, Json } from "@/lib/plan/types";
import { rollbackInput } from "@/lib/store/rollback";
import { samplePlan } from "@/testing/store-fixtures";
import type { AuditEntry } from "@/lib/store/types";

const { plan } = samplePlan();
const record = { id: "plan-1", plan };
const change = (id: Change["id"]) => plan.changes.find((c) => c.id === id)!;

let seq = 0;
function written(c: Change, over: Partial<AuditEntry> = {}): AuditEntry {
  seq += 1;
  return {
    seq,
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
    actor: "carol",
    planId: "plan-1",
    runId: "run-1",
    changeId: c.id,
    account: c.account,
    accountId: c.accountId,
    region: c.region,
    api: c.action,
    target: c.target,
    requestId: `R${seq}`,
    result: "ok",
    errorCode: null,
    errorMessage: null,
    before: c.before,
    after: c.after,
    scrubbed: [],
    ...over,
  };
}

const foreignPolicy: Json = {
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "DenyInsecure",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: "arn:aws:s3:::central-vault/*",
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
  ],
};

describe("rollbackInput", () => {
  it("restores before documents in reverse apply order and marks Object Lock and versioning irreversible", () => {
    const audit = [
      written(change("destination.versioning")),
      written(change("destination.objectLock")),
      written(change("source.role")),
      written(change("source.rolePolicy")),
      written(change("destination.bucketPolicy"), { before: foreignPolicy }),
      written(change("source.versioning")),
      written(change("source.replication")),
    ];
    const r = rollbackInput(record, audit);
    expect(r.planId).toBe("plan-1");
    expect(r.steps.map((s) => [s.changeId, s.action, s.restore === null ? null : "document"])).toEqual([
      ["source.replication", "DeleteBucketReplication", null],
      ["destination.bucketPolicy", "PutBucketPolicy", "document"],
      ["source.rolePolicy", "DeleteRolePolicy", null],
      ["source.role", "DeleteRole", null],
    ]);
    const bucketPolicy = r.steps.find((s) => s.changeId === "destination.bucketPolicy")!;
    expect(bucketPolicy).toMatchObject({
      target: "central-vault",
      account: "destination",
      accountId: "444455556666",
      restore: foreignPolicy,
      expectedCurrent: change("destination.bucketPolicy").after,
    });
    expect(r.steps.find((s) => s.action === "DeleteRolePolicy")?.names).toEqual({
      roleName: plan.names.roleName,
      policyName: plan.names.rolePolicyName,
    });
    expect(r.irreversible.map((i) => i.changeId).sort()).toEqual(["destination.objectLock", "destination.versioning", "source.versioning"]);
    expect(r.irreversible.find((i) => i.changeId === "destination.objectLock")?.reason).toMatch(/cannot be turned off/);
    expect(r.notApplied).toEqual([]);
  });

  it("uses the first successful write's before (retries saw our own document) and ignores failed calls and other plans", () => {
    const policy = change("destination.bucketPolicy");
    const audit = [
      written(policy, { result: "failed", errorCode: "MalformedPolicy", before: { wrong: true } }),
      written(policy, { before: foreignPolicy }),
      written(policy, { before: policy.after, runId: "run-2" }),
      written(change("source.replication"), { planId: "another-plan" }),
    ];
    const r = rollbackInput(record, audit);
    expect(r.steps).toHaveLength(1);
    expect(r.steps[0]).toMatchObject({ action: "PutBucketPolicy", restore: foreignPolicy, auditSeq: audit[1]!.seq });
    expect(r.notApplied).toEqual(expect.arrayContaining(["source.replication", "source.role", "destination.objectLock"]));
  });

  it("matches entries without a changeId by API, target and account, and warns when the before was scrubbed", () => {
    const repl = change("source.replication");
    const previous: Json = { Role: "arn:aws:iam::111122223333:role/old", Rules: [{ ID: "keep-me", Status: "Enabled" }] };
    const r = rollbackInput(record, [written(repl, { changeId: null, before: previous, scrubbed: ["$.before.Rules[0].Note"] })]);
    expect(r.steps).toMatchObject([{ changeId: "source.replication", action: "PutBucketReplication", restore: previous }]);
    expect(r.warnings.join()).toMatch(/removed as possible secrets/);
  });
  it("never restores onto this target what another target held: a plan edited after a failed apply", () => {
    const policy = change("destination.bucketPolicy");
    const otherVault = { ...policy, target: "old-vault" };
    const audit = [
      // The first version of the plan wrote old-vault (which had no policy), then failed; edited to
      // central-vault, it wrote central-vault, whose policy held a foreign Deny.
      written(otherVault, { before: null, after: { Version: "2012-10-17", Statement: [] } }),
      written(policy, { before: foreignPolicy }),
    ];
    const r = rollbackInput(record, audit);
    // central-vault gets its own previous policy back (the foreign Deny), never "delete: there was none".
    expect(r.steps).toMatchObject([{ action: "PutBucketPolicy", target: "central-vault", restore: foreignPolicy }]);
    expect(r.warnings.join()).toMatch(/also written to old-vault in 444455556666; that write is not undone/);
  });

  it("refuses to roll back a document someone changed between Lockbridge's writes", () => {
    const policy = change("destination.bucketPolicy");
    const theirs: Json = {
      Version: "2012-10-17",
      Statement: [
        ...(foreignPolicy as { Statement: Json[] }).Statement,
        { Sid: "AddedLater", Effect: "Deny", Principal: "*", Action: "s3:DeleteBucket", Resource: "arn:aws:s3:::central-vault" },
      ],
    };
    const audit = [written(policy, { before: foreignPolicy }), written(policy, { before: theirs, runId: "run-2" })];
    const r = rollbackInput(record, audit);
    expect(r.steps).toEqual([]);
    expect(r.warnings.join()).toMatch(/changed by someone else between Lockbridge's writes/);
  });
  it("follows the chain when AWS hands our document back in its own form", () => {
    const policy = change("destination.bucketPolicy");
    const sent = policy.after as { Version: string; Statement: { Action: Json; Principal: { AWS: Json } }[] };
    // Same meaning, AWS's form: keys in another order, a principal list as a string (or the other way round).
    const asRead: Json = {
      Statement: sent.Statement.map((st) => {
        const aws = st.Principal.AWS;
        return { ...st, Principal: { AWS: Array.isArray(aws) ? (aws.length === 1 ? aws[0]! : [...aws].reverse()) : [aws] } } as Json;
      }),
      Version: sent.Version,
    };
    expect(JSON.stringify(asRead)).not.toBe(JSON.stringify(sent));
    const audit = [written(policy, { before: foreignPolicy }), written(policy, { before: asRead, runId: "run-2" })];
    const r = rollbackInput(record, audit);
    expect(r.steps).toMatchObject([{ action: "PutBucketPolicy", restore: foreignPolicy }]);
  });
});
