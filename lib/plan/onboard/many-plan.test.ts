// The saved form of a plan of several sources: change ids are unique within the plan and name their
// source (or the vault), dependencies point at changes of the same plan, the apply order puts every
// source's role before the vault's policies and every rule after them, and drift / resume are explained.
import { describe, expect, it } from "vitest";
import { freshBucket, freshKey, freshObserved } from "@/testing/plan-fixtures";
import { defaultWizardInput, wizardInput, type WizardInput } from "../../schema/wizard";
import { stepOf } from "../order";
import type { JsonObject } from "../types";
import { buildManySourcesPlan, type SourceObserved, type VaultObserved } from "./many";
import { manyDrift, manyResumeProblems, scopeOf, toManyPlan, VAULT_SCOPE } from "./many-plan";

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

const vault = (statements: JsonObject[] = []): VaultObserved => ({
  destination: {
    status: "found",
    value: { ...freshBucket(), policy: { status: "found", value: { Version: "2012-10-17", Statement: statements } } },
  },
  destinationKey: { status: "found", value: freshKey(VAULT_KEY, "eu-west-1", "222222222222") },
});
const sourceObserved = (input: WizardInput): SourceObserved => {
  const o = freshObserved(input);
  return { source: o.source, role: o.role };
};

function planOf(sharedRole: boolean, statements: JsonObject[] = []) {
  const inputs = SOURCES.map(([a, b]) => inputOf(a, b));
  return toManyPlan(buildManySourcesPlan(inputs, vault(statements), inputs.map(sourceObserved), { sharedRole }), sharedRole);
}

describe("a plan of several sources, saved", () => {
  for (const sharedRole of [false, true]) {
    it(`has unique change ids that name their source (${sharedRole ? "one role per account" : "one role per bucket"})`, () => {
      const plan = planOf(sharedRole);
      const ids = plan.changes.map((c) => c.id);
      expect(new Set(ids).size).toBe(ids.length);
      const scopes = [
        VAULT_SCOPE,
        "111111111111/lockbridge-demo-source",
        "333333333333/lockbridge-demo-payroll",
        "333333333333/lockbridge-demo-ledger",
      ];
      expect([...new Set(ids.map(scopeOf))].sort()).toEqual([...scopes].sort());
      for (const c of plan.changes) for (const d of c.dependsOn) expect(ids, `${c.id} depends on ${d}`).toContain(d);
      // Three rules, one bucket policy and one key policy write, each after every role.
      const at = (step: string) => ids.flatMap((id, i) => (stepOf(id) === step ? [i] : []));
      expect(at("source.replication")).toHaveLength(3);
      expect(at("destination.bucketPolicy")).toHaveLength(1);
      expect(at("destination.keyPolicy")).toHaveLength(1);
      expect(Math.max(...at("source.role"))).toBeLessThan(at("destination.bucketPolicy")[0]!);
      expect(Math.min(...at("source.replication"))).toBeGreaterThan(at("destination.bucketPolicy")[0]!);
      expect(plan.documents.map((d) => d.changeId)).toEqual(expect.arrayContaining([`${VAULT_SCOPE}:destination.bucketPolicy`]));
      expect(plan.many.sources.map((g) => g.bucket)).toEqual(SOURCES.map(([, b]) => b));
    });
  }

  it("explains drift by change and accepts a resume only over its own writes", () => {
    const approved = planOf(false);
    const foreign = {
      Sid: "Other",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::999999999999:root" },
      Action: "s3:GetObject",
      Resource: "*",
    };
    const drifted = planOf(false, [foreign]);
    expect(drifted.fingerprint).not.toBe(approved.fingerprint);
    expect(manyDrift(approved, drifted)).toEqual([expect.stringContaining(`${VAULT_SCOPE}:destination.bucketPolicy`)]);
    expect(manyDrift(approved, planOf(false))).toEqual([]);
    // Nobody wrote the bucket policy, yet it changed: no resume.
    const problems = manyResumeProblems(approved, drifted, new Set(), new Set());
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.includes("Lockbridge did not write it"))).toBe(true);
    // A write that was sent may have landed: its live document may differ while the write stays the same.
    const id = `${VAULT_SCOPE}:destination.bucketPolicy` as const;
    const landed = { ...approved, changes: approved.changes.map((c) => (c.id === id ? { ...c, before: c.after } : c)) } as typeof approved;
    expect(manyResumeProblems(approved, landed, new Set(), new Set([id]))).toEqual([]);
    expect(manyResumeProblems(approved, landed, new Set(), new Set())).toHaveLength(1);
  });

  it("refuses a resume when a live item no change writes has changed (Requester Pays on the vault)", () => {
    const inputs = SOURCES.map(([a, b]) => inputOf(a, b));
    const build = (v: VaultObserved, sources = inputs.map(sourceObserved)) => toManyPlan(buildManySourcesPlan(inputs, v, sources), false);
    const approved = build(vault());
    const base = vault();
    const payer: VaultObserved = {
      ...base,
      destination:
        base.destination.status === "found"
          ? { status: "found", value: { ...base.destination.value, requestPayment: { status: "found", value: "Requester" } } }
          : base.destination,
    };
    const now = build(payer);
    // No change's document differs; only the approval's view of the vault does.
    expect(now.changes.map((c) => c.after)).toEqual(approved.changes.map((c) => c.after));
    const touched = new Set(approved.changes.filter((c) => scopeOf(c.id) !== VAULT_SCOPE).map((c) => c.id));
    expect(manyResumeProblems(approved, now, new Set(), touched)).toEqual([
      "The vault bucket's requestPayment changed since approval, and Lockbridge did not write it.",
    ]);
    // A source whose role the earlier run created reads differently now: that is our own write.
    const sources = inputs.map(sourceObserved);
    sources[0] = {
      ...sources[0]!,
      role: {
        status: "found",
        value: {
          arn: "arn:aws:iam::111111111111:role/x",
          roleName: "x",
          path: "/",
          trust: { Version: "2012-10-17", Statement: [] },
          inlinePolicies: {},
          attachedPolicies: [],
          permissionsBoundary: null,
        },
      },
    };
    const after = build(vault(), sources);
    const roleId = after.changes.find((c) => scopeOf(c.id) === "111111111111/lockbridge-demo-source" && stepOf(c.id) === "source.role")!.id;
    const hashProblems = (t: Set<string>) =>
      manyResumeProblems(approved, after, new Set(), t as Set<typeof roleId>).filter((p) => p.includes("since approval"));
    expect(hashProblems(new Set([roleId]))).toEqual([]);
    expect(hashProblems(new Set())).toEqual([
      "The versioning, rules or role of source 111111111111/lockbridge-demo-source changed since approval, and Lockbridge did not write it.",
    ]);
  });
});
