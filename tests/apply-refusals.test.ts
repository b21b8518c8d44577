// Approval is bound to what was reviewed: changed input or drifted live state is refused (saying what
// drifted), a failure mid-apply stops and reports, and a resume continues exactly where it stopped.
import { PutBucketVersioningCommand, PutBucketPolicyCommand } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { applyPlan } from "../lib/apply/apply";
import { reviewPlan } from "../lib/apply/review";
import { instantBackoff } from "../lib/aws/retry";
import { SOURCE_BUCKET, SRC, DST, VAULT, callRecorder, sandboxInput, useEmulator } from "./apply-support";
import { SANDBOX_ACCOUNTS } from "../app/wizard/accounts/_components/sandbox-values";

const box = useEmulator();
const opts = { confirm: VAULT, backoff: instantBackoff };

describe("refusals", () => {
  it("refuses when the input changed after review, and writes nothing", async () => {
    const reviewed = await reviewPlan(sandboxInput(box.seeded));
    const edited = sandboxInput(box.seeded, { rule: { priority: 7 } });
    const rec = callRecorder();
    const run = await applyPlan({ ...opts, input: edited, fingerprint: reviewed.fingerprint, hooks: rec });
    expect(run.status).toBe("refused");
    expect(run.refusal?.details).toContain("The wizard input changed since review.");
    expect(rec.writes()).toEqual([]);
  });

  it("refuses when live state changed after review, naming what drifted", async () => {
    const input = sandboxInput(box.seeded);
    const reviewed = await reviewPlan(input);
    const dst = await box.admin(DST);
    const policy = {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "Added",
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${DST}:root` },
          Action: "s3:GetObject",
          Resource: `arn:aws:s3:::${VAULT}/*`,
        },
      ],
    };
    await dst.s3.send(new PutBucketPolicyCommand({ Bucket: VAULT, Policy: JSON.stringify(policy) }));
    const rec = callRecorder();
    const run = await applyPlan({ ...opts, input, fingerprint: reviewed.fingerprint, hooks: rec });
    expect(run.status).toBe("refused");
    expect(run.refusal?.details).toEqual([`The policy of bucket ${VAULT} changed since review.`]);
    expect(run.message).toMatch(/^Nothing was changed\./);
    expect(rec.writes()).toEqual([]);
  });

  it("requires the typed bucket name for irreversible changes", async () => {
    await box.reseed();
    const input = sandboxInput(box.seeded);
    const reviewed = await reviewPlan(input);
    const run = await applyPlan({ input, fingerprint: reviewed.fingerprint, confirm: "wrong", backoff: instantBackoff });
    expect(run.status).toBe("refused");
    expect(run.refusal?.reason).toMatch(/Type the destination bucket name \(lockbridge-demo-vault\)/);
    expect(run.refusal?.details.join(" ")).toMatch(/Object Lock/);
  });

  it("runs one apply at a time per bucket pair, and refuses when both accounts are plan-only", async () => {
    const input = sandboxInput(box.seeded, { rule: { priority: 5 } });
    const [a, b] = await Promise.all([
      applyPlan({ ...opts, input, fingerprint: "a".repeat(64) }),
      applyPlan({ ...opts, input, fingerprint: "a".repeat(64) }),
    ]);
    expect(b.refusal?.reason).toBe("Another apply for these buckets is running.");
    expect(a.refusal?.reason).toMatch(/plan changed since review/);
    const po = (s: typeof SANDBOX_ACCOUNTS.source) => ({ ...s, access: "plan-only" as const, roleArn: "" });
    const none = sandboxInput(box.seeded, {}, { source: po(SANDBOX_ACCOUNTS.source), destination: po(SANDBOX_ACCOUNTS.destination) });
    expect((await applyPlan({ ...opts, input: none, fingerprint: "a".repeat(64) })).refusal?.reason).toMatch(/Both accounts are plan-only/);
  });

  it("refuses credentials that act in another account than the one typed", async () => {
    const input = sandboxInput(
      box.seeded,
      {},
      { ...SANDBOX_ACCOUNTS, source: { ...SANDBOX_ACCOUNTS.source, access: "server", roleArn: "" } },
    );
    const run = await applyPlan({ ...opts, input, fingerprint: "0".repeat(64) });
    expect(run.status).toBe("refused");
    expect(run.refusal?.details[0]).toMatch(/source credentials act in account 123456789012 .* not 111111111111/);
  });
});

describe("failure mid-apply and resume", () => {
  it("stops at the first failure, reports it with what already changed, and a resume completes", async () => {
    await box.reseed();
    const input = sandboxInput(box.seeded);
    const reviewed = await reviewPlan(input);
    const src = await box.admin(SRC);
    const setVersioning = (Status: "Enabled" | "Suspended") =>
      src.s3.send(new PutBucketVersioningCommand({ Bucket: SOURCE_BUCKET, VersioningConfiguration: { Status } }));

    // Someone suspends versioning on the source while the apply runs: PutBucketReplication then fails.
    let sabotaged = false;
    const rec = callRecorder();
    const hooks = {
      ...rec,
      before: async (c: { command: string }) => {
        if (c.command === "CreateRole" && !sabotaged) {
          sabotaged = true;
          await setVersioning("Suspended");
        }
      },
    };
    const failed = await applyPlan({ ...opts, input, fingerprint: reviewed.fingerprint, hooks });
    expect(failed.status).toBe("failed");
    expect(failed.failure).toMatchObject({ changeId: "source.replication", code: "InvalidRequest" });
    expect(failed.failure?.message).toMatch(/Versioning must be 'Enabled'/);
    expect(failed.failure?.alreadyChanged.map((c) => c.id)).toEqual([
      "destination.objectLock",
      "source.role",
      "source.rolePolicy",
      "destination.keyPolicy",
      "destination.bucketPolicy",
    ]);
    expect(failed.failure?.alreadyChanged.every((c) => c.requestIds.length === 1)).toBe(true);
    expect(failed.message).toMatch(/nothing was rolled back/);
    // It was retried as a known propagation error, within the injected budget, then reported.
    expect(rec.writes().filter((c) => c.command === "PutBucketReplication")).toHaveLength(instantBackoff.maxAttempts.propagation);

    // Resuming while the foreign drift is still there is refused: only our own writes may differ.
    const refused = await applyPlan({ ...opts, input, fingerprint: reviewed.fingerprint, resumeRunId: failed.runId });
    expect(refused.status).toBe("refused");
    expect(refused.refusal?.details).toContain(`The versioning of bucket ${SOURCE_BUCKET} changed, and Lockbridge did not write it.`);

    // Fix the cause, resume: only the missing write is made.
    await setVersioning("Enabled");
    const rec2 = callRecorder();
    const resumed = await applyPlan({ ...opts, input, fingerprint: reviewed.fingerprint, resumeRunId: failed.runId, hooks: rec2 });
    expect(resumed.refusal).toBeUndefined();
    expect(resumed.status).toBe("succeeded");
    expect(rec2.writes().map((c) => c.command)).toEqual(["PutBucketReplication"]);
    expect(resumed.changes.filter((c) => c.appliedEarlier).map((c) => c.id)).toHaveLength(5);

    // Done: the old approval now finds nothing to write.
    const stale = await applyPlan({ ...opts, input, fingerprint: reviewed.fingerprint });
    expect(stale.status).toBe("nothing-to-change");
  });

  it("refuses an unknown resume token", async () => {
    const input = sandboxInput(box.seeded, { rule: { priority: 3 } });
    const run = await applyPlan({ ...opts, input, fingerprint: "f".repeat(64), resumeRunId: "no-such-run" });
    expect(run.status).toBe("refused");
    expect(run.refusal?.reason).toMatch(/resume token is unknown/);
  });
});
