// The registry hands out copies: a poll never sees (or mutates) the live run state.
import { expect, it } from "vitest";
import { createRun, getRun, runSnapshot } from "./runs";

it("registers runs by id and returns snapshots as copies", () => {
  const r = createRun({ fingerprint: "a".repeat(64) });
  expect(r.snapshot.runId).toMatch(/^[0-9a-f-]{36}$/);
  const snap = runSnapshot(r.snapshot.runId)!;
  expect(snap).toMatchObject({ status: "running", writeCalls: 0, changes: [] });
  snap.status = "failed";
  expect(getRun(r.snapshot.runId)?.snapshot.status).toBe("running");
  expect(runSnapshot("unknown")).toBeUndefined();
});
