// Never clobbering: foreign statements, rules and inline policies survive apply content-equal
// (testing/seeds/foreign-content.json), and the last-moment safety rail refuses a whole-document write that
// would drop a foreign statement added after planning.
import { GetRolePolicyCommand, ListRolePoliciesCommand } from "@aws-sdk/client-iam";
import { GetKeyPolicyCommand } from "@aws-sdk/client-kms";
import { GetBucketPolicyCommand, GetBucketReplicationCommand, PutBucketPolicyCommand } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../testing/seed";
import { applyPlan } from "../lib/apply/apply";
import { reviewPlan } from "../lib/apply/review";
import { ChangeError, executeChange } from "../lib/aws/execute";
import { instantBackoff } from "../lib/aws/retry";
import { destroyClients, sideClients } from "../lib/aws/session";
import { canonicalJson } from "../lib/plan/canonical";
import { DST, SOURCE_BUCKET, SRC, VAULT, callRecorder, sandboxInput, useEmulator } from "./apply-support";

const SCENARIO = "testing/seeds/foreign-content.json";
const box = useEmulator(SCENARIO);
const scenario = loadScenario(SCENARIO);
const [srcSeed, dstSeed] = scenario.accounts;
const ROLE = srcSeed!.roles![1]!;
const seededBucketPolicy = dstSeed!.buckets![0]!.policy!;
const seededRules = srcSeed!.buckets![0]!.replication!.Rules;
/** Content-equal: same JSON value whatever the key order. */
const same = (a: unknown) => canonicalJson(a);

describe("foreign content", () => {
  it("keeps the foreign Deny and Allow, the custom key statement, two foreign rules and the extra inline policy", async () => {
    const input = sandboxInput(box.seeded);
    const plan = await reviewPlan(input);
    expect(plan.errors).toEqual([]);
    expect(plan.names.roleName).toBe(ROLE.name); // the role already exists under the derived name
    const run = await applyPlan({ input, fingerprint: plan.fingerprint, confirm: VAULT, backoff: instantBackoff });
    expect(run.status).toBe("succeeded");

    const src = await box.admin(SRC);
    const dst = await box.admin(DST);
    const bucketPolicy = JSON.parse((await dst.s3.send(new GetBucketPolicyCommand({ Bucket: VAULT }))).Policy!);
    for (const st of seededBucketPolicy.Statement) expect(bucketPolicy.Statement.map(same)).toContain(same(st));
    expect(bucketPolicy.Statement.map((s: { Sid: string }) => s.Sid)).toEqual([
      "DenyInsecureTransport",
      "AuditorsRead",
      "LockbridgeReplicationOwnerOverride",
    ]);

    const keyPolicy = JSON.parse(
      (await dst.kms.send(new GetKeyPolicyCommand({ KeyId: box.seeded.keys["alias/lockbridge-vault"], PolicyName: "default" }))).Policy!,
    );
    for (const st of dstSeed!.kmsKeys![0]!.policy!.Statement) expect(keyPolicy.Statement.map(same)).toContain(same(st));
    expect(keyPolicy.Statement).toHaveLength(3);

    const replication = (await src.s3.send(new GetBucketReplicationCommand({ Bucket: SOURCE_BUCKET }))).ReplicationConfiguration!;
    for (const rule of seededRules) expect(replication.Rules!.map(same)).toContain(same(rule));
    expect(replication.Rules!.map((r) => r.ID)).toEqual(["archive-finance", "archive-reports", plan.names.ruleId]);

    const names = (await src.iam.send(new ListRolePoliciesCommand({ RoleName: ROLE.name }))).PolicyNames!;
    expect(names.sort()).toEqual(["ArchiveReplication", plan.names.rolePolicyName].sort());
    const extra = await src.iam.send(new GetRolePolicyCommand({ RoleName: ROLE.name, PolicyName: "ArchiveReplication" }));
    expect(same(JSON.parse(decodeURIComponent(extra.PolicyDocument!)))).toBe(same(ROLE.inlinePolicies!.ArchiveReplication));

    // And it converged: a second apply writes nothing.
    const rec = callRecorder();
    const again = await applyPlan({ input, fingerprint: (await reviewPlan(input)).fingerprint, hooks: rec, backoff: instantBackoff });
    expect(again.status).toBe("nothing-to-change");
    expect(rec.writes()).toEqual([]);
  });

  it("safety rail: refuses a PutBucketPolicy whose document lacks a foreign statement added after planning", async () => {
    await box.reseed();
    const input = sandboxInput(box.seeded);
    const plan = await reviewPlan(input);
    const change = plan.changes.find((c) => c.id === "destination.bucketPolicy")!;
    expect(change.kind).toBe("update");

    // Someone adds a statement between planning and the write.
    const dst = await box.admin(DST);
    const added = {
      Sid: "BreakGlassRead",
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${DST}:root` },
      Action: "s3:GetObject",
      Resource: `arn:aws:s3:::${VAULT}/*`,
    };
    const live = { ...seededBucketPolicy, Statement: [...seededBucketPolicy.Statement, added] };
    await dst.s3.send(new PutBucketPolicyCommand({ Bucket: VAULT, Policy: JSON.stringify(live) }));

    const rec = callRecorder();
    const clients = sideClients(input, rec);
    try {
      const err = await executeChange(change, clients.destination!, { backoff: instantBackoff }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ChangeError);
      expect((err as ChangeError).code).toBe("ForeignContentWouldBeLost");
      expect((err as ChangeError).message).toMatch(/Statement BreakGlassRead would be removed or altered/);
    } finally {
      destroyClients(clients);
    }
    expect(rec.calls.map((c) => c.command)).toEqual(["GetBucketPolicy"]); // re-read, and no write sent
    const now = JSON.parse((await dst.s3.send(new GetBucketPolicyCommand({ Bucket: VAULT }))).Policy!);
    expect(same(now)).toBe(same(live));
  });
});
