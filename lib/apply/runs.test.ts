// The run registry: snapshots are copies, and runs are stored, so progress and resume tokens survive a
// restart and a run (and a saved plan) interrupted by one becomes failed (interrupted), resumable.
import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { alice, bob, samplePlan } from "@/testing/store-fixtures";
import { auditLog, DB_FILE_NAME, plans, runStore } from "@/lib/store";
import { createRun, getRun, INTERRUPTED_CODE, recoverInterruptedRuns, runSnapshot } from "./runs";
import { baselineOf } from "./resume";

// A private data directory: the store opens it at first use (lib/env caches it).
process.env.LOCKBRIDGE_DATA_DIR = mkdtempSync(path.join(tmpdir(), "lockbridge-runs-"));

/** What a restart loses: the in-memory registry (the store keeps the rows). */
const forgetLiveRuns = () => (globalThis as { __lockbridgeRuns?: Map<string, unknown> }).__lockbridgeRuns?.clear();

beforeEach(() => forgetLiveRuns());

it("registers runs by id and returns snapshots as copies", () => {
  const r = createRun({ fingerprint: "a".repeat(64) });
  expect(r.snapshot.runId).toMatch(/^[0-9a-f-]{36}$/);
  const snap = runSnapshot(r.snapshot.runId)!;
  expect(snap).toMatchObject({ status: "running", writeCalls: 0, changes: [] });
  snap.status = "failed";
  expect(getRun(r.snapshot.runId)?.snapshot.status).toBe("running");
  expect(runSnapshot("unknown")).toBeUndefined();
});

describe("durable runs", () => {
  it("stores the baseline and each touched and written change as they happen, and the end of the run", () => {
    const { plan } = samplePlan();
    const r = createRun({ fingerprint: plan.fingerprint, actor: "alice" });
    const id = r.snapshot.runId;
    r.baseline = baselineOf(plan);
    r.touched.add("source.role");
    // Stored before the write is sent: a process killed now still knows the change was touched.
    expect(JSON.parse(runStore().getRun(id)!.touched_json)).toEqual(["source.role"]);
    r.written.add("source.role");
    r.touched = new Set([...r.touched, "source.rolePolicy"]);
    r.snapshot.status = "failed";
    r.snapshot.finishedAt = new Date().toISOString();

    forgetLiveRuns();
    const back = getRun(id)!;
    expect(back.snapshot).toMatchObject({ runId: id, status: "failed", actor: "alice" });
    expect(back.baseline?.fingerprint).toBe(plan.fingerprint);
    expect([...back.touched].sort()).toEqual(["source.role", "source.rolePolicy"]);
    expect([...back.written]).toEqual(["source.role"]);
    expect(runSnapshot(id)?.finishedAt).toBeDefined();
  });

  it("at start, marks a run left running and its saved plan failed (interrupted), with an audit entry; the run resumes", async () => {
    const { input, plan } = samplePlan();
    const lifecycle = plans();
    const draft = await lifecycle.createDraft(input, plan, alice);
    await lifecycle.submit(draft.id, alice);
    await lifecycle.approve(draft.id, bob, plan.fingerprint);
    const run = createRun({ fingerprint: plan.fingerprint, actor: alice.name }, draft.id);
    await lifecycle.claimForApply(draft.id, plan.fingerprint, alice, run.snapshot.runId);
    run.baseline = baselineOf(plan);
    run.touched.add("destination.versioning");
    // The server is killed here: nothing marks the run or the plan as ended.

    forgetLiveRuns();
    expect(await recoverInterruptedRuns()).toEqual([draft.id]);
    const rec = await lifecycle.get(draft.id);
    expect(rec?.status).toBe("failed");
    expect(rec?.run?.error).toMatchObject({ code: INTERRUPTED_CODE });
    expect(rec?.history.at(-1)).toMatchObject({ to: "failed", runId: run.snapshot.runId });
    const audit = await auditLog().listAudit({ planId: draft.id });
    expect(audit.entries).toEqual([
      expect.objectContaining({
        api: "RunInterrupted",
        result: "failed",
        errorCode: INTERRUPTED_CODE,
        runId: run.snapshot.runId,
        actor: expect.stringContaining(alice.name),
      }),
    ]);
    // The resume token still works: the run is known, failed, with what it touched.
    const back = getRun(run.snapshot.runId)!;
    expect(back.snapshot.status).toBe("failed");
    expect(back.snapshot.message).toMatch(/^Interrupted/);
    expect(back.baseline?.fingerprint).toBe(plan.fingerprint);
    expect([...back.touched]).toEqual(["destination.versioning"]);
    // A failed plan can be claimed again (the retry that resumes).
    await expect(lifecycle.claimForApply(draft.id, plan.fingerprint, alice)).resolves.toMatchObject({ status: "applying" });
    // A claim whose run is not live in this process is, again, interrupted at the next start.
    forgetLiveRuns();
    expect(await recoverInterruptedRuns()).toEqual([draft.id]);
  });

  it("keeps the data directory 0700 and the database 0600", () => {
    runStore();
    const dir = process.env.LOCKBRIDGE_DATA_DIR!;
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(dir, DB_FILE_NAME)).mode & 0o777).toBe(0o600);
  });
});
