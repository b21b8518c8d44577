// Review lifecycle: draft → submitted → approved → applying → applied, rejection, edits withdrawing
// approval, four eyes, and races between two store instances (two connections to one file).
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { LifecycleError } from "@/lib/store/errors";
import { planLifecycle, type PlanLifecycle } from "@/lib/store/lifecycle";
import { alice, bob, carol, openTemp, sampleInput, samplePlan } from "@/testing/store-fixtures";
import type { PlanRecord } from "@/lib/store/types";

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function setup(fourEyes = true) {
  const t = openTemp();
  cleanups.push(t.close);
  let tick = 0;
  const now = () => new Date(Date.UTC(2026, 0, 1, 0, 0, tick++));
  return { ...t, life: planLifecycle(t.store, { fourEyes, now }), now };
}

async function refusal(p: Promise<unknown>): Promise<LifecycleError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(LifecycleError);
  return e as LifecycleError;
}

async function submitted(life: PlanLifecycle): Promise<PlanRecord> {
  const { input, plan } = samplePlan();
  const draft = await life.createDraft(input, plan, alice);
  return life.submit(draft.id, alice);
}

describe("plan lifecycle", () => {
  it("goes draft → submitted → approved → applying → applied, with history of who did what", async () => {
    const { life } = setup();
    const { input, plan } = samplePlan();
    const draft = await life.createDraft(input, plan, alice);
    expect(draft).toMatchObject({ status: "draft", version: 1, fingerprint: plan.fingerprint, author: alice, approval: null, run: null });
    expect(draft.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(draft.input).toEqual(input);
    expect(draft.plan).toEqual(plan);

    const sub = await life.submit(draft.id, alice, "Ready for review");
    const approved = await life.approve(draft.id, bob, plan.fingerprint, "Looks right");
    expect(approved.approval).toMatchObject({ fingerprint: plan.fingerprint, by: bob, comment: "Looks right" });
    const applying = await life.claimForApply(draft.id, plan.fingerprint, carol, "run-1");
    expect(applying).toMatchObject({ status: "applying", run: { runId: "run-1", by: carol, finishedAt: null, error: null } });
    const applied = await life.markApplied(draft.id, { runId: "run-1", actor: carol });
    expect(applied.status).toBe("applied");
    expect(applied.run?.finishedAt).not.toBeNull();
    expect(applied.version).toBe(5);
    expect(sub.history.at(-1)?.comment).toBe("Ready for review");
    expect(applied.history.map((h) => [h.from, h.to, h.event, h.actor.name])).toEqual([
      [null, "draft", "created", alice.name],
      ["draft", "submitted", "submitted", alice.name],
      ["submitted", "approved", "approved", bob.name],
      ["approved", "applying", "apply started", carol.name],
      ["applying", "applied", "apply finished", carol.name],
    ]);
    expect(applied.history.every((h) => h.fingerprint === plan.fingerprint)).toBe(true);
  });

  it("rejection needs a comment; the author edits and resubmits", async () => {
    const { life } = setup();
    const rec = await submitted(life);
    for (const empty of ["", "   "]) {
      expect((await refusal(life.reject(rec.id, bob, empty))).code).toBe("comment-required");
    }
    const rejected = await life.reject(rec.id, bob, "Use a prefix, not the whole bucket");
    expect(rejected).toMatchObject({ status: "rejected", approval: null });
    expect(rejected.history.at(-1)).toMatchObject({ event: "rejected", comment: "Use a prefix, not the whole bucket", actor: bob });
    // A rejected plan cannot be approved as is.
    expect((await refusal(life.approve(rec.id, bob, rec.fingerprint))).code).toBe("invalid-transition");
    const edited = samplePlan(sampleInput({ scope: "prefix", prefix: "logs/" }));
    await life.updateDraft(rec.id, edited.input, edited.plan, alice);
    const again = await life.submit(rec.id, alice);
    expect(again).toMatchObject({ status: "submitted", fingerprint: edited.plan.fingerprint });
  });

  it("editing an approved plan returns it to draft and clears the approval", async () => {
    const { life } = setup();
    const rec = await submitted(life);
    await life.approve(rec.id, bob, rec.fingerprint);
    const edited = samplePlan(sampleInput({ priority: 7 }));
    expect(edited.plan.fingerprint).not.toBe(rec.fingerprint);
    const draft = await life.updateDraft(rec.id, edited.input, edited.plan, alice);
    expect(draft).toMatchObject({ status: "draft", approval: null, fingerprint: edited.plan.fingerprint });
    expect(draft.history.at(-1)).toMatchObject({
      from: "approved",
      to: "draft",
      event: "edited",
      comment: expect.stringMatching(/approval withdrawn/),
    });
    // The old approval cannot be used to apply.
    expect((await refusal(life.claimForApply(rec.id, rec.fingerprint, carol))).code).toBe("invalid-transition");
  });

  it("approval is bound to the fingerprint: a stale one is refused, and apply needs the approved one", async () => {
    const { life } = setup();
    const rec = await submitted(life);
    const stale = await refusal(life.approve(rec.id, bob, "0".repeat(64)));
    expect(stale.code).toBe("fingerprint-mismatch");
    expect(stale.message).toMatch(/changed since you reviewed it/);
    await life.approve(rec.id, bob, rec.fingerprint);
    expect((await refusal(life.claimForApply(rec.id, "f".repeat(64), carol))).code).toBe("fingerprint-mismatch");
  });

  it("four eyes: the author (or an editor) cannot approve; off, they can", async () => {
    const { life } = setup(true);
    const rec = await submitted(life);
    const e = await refusal(life.approve(rec.id, { name: "ALICE@example.com ", source: "local" }, rec.fingerprint));
    expect(e.code).toBe("four-eyes");
    expect(e.message).toMatch(/someone else must approve/);
    // Bob edits alice's plan: now neither may approve it.
    const edited = samplePlan(sampleInput({ priority: 3 }));
    await life.updateDraft(rec.id, edited.input, edited.plan, bob);
    await life.submit(rec.id, bob);
    expect((await refusal(life.approve(rec.id, bob, edited.plan.fingerprint))).code).toBe("four-eyes");
    await expect(life.approve(rec.id, carol, edited.plan.fingerprint)).resolves.toMatchObject({ status: "approved" });

    const solo = setup(false).life;
    const own = await submitted(solo);
    await expect(solo.approve(own.id, alice, own.fingerprint)).resolves.toMatchObject({ status: "approved" });
  });

  it("a failed apply can be retried to applied; only the current run can finish it", async () => {
    const { life } = setup();
    const rec = await submitted(life);
    await life.approve(rec.id, bob, rec.fingerprint);
    await life.markApplying(rec.id, { fingerprint: rec.fingerprint, actor: carol, runId: "r1" });
    const failed = await life.markFailed(rec.id, {
      runId: "r1",
      actor: carol,
      error: { changeId: "destination.bucketPolicy", code: "AccessDenied", message: "denied for ASIAIOSFODNN7EXAMPLE" },
    });
    expect(failed).toMatchObject({
      status: "failed",
      approval: { fingerprint: rec.fingerprint },
      run: { runId: "r1", error: { code: "AccessDenied" } },
    });
    expect(JSON.stringify(failed)).not.toContain("ASIAIOSFODNN7EXAMPLE");
    await life.claimForApply(rec.id, rec.fingerprint, carol, "r2");
    expect((await refusal(life.markApplied(rec.id, { runId: "r1", actor: carol }))).code).toBe("conflict");
    await expect(life.markApplied(rec.id, { runId: "r2", actor: carol })).resolves.toMatchObject({ status: "applied" });
    expect((await refusal(life.updateDraft(rec.id, rec.input, rec.plan, alice))).message).toMatch(/already applied/);
  });

  it("refuses to submit a plan with errors, and a plan that was not built from the input", async () => {
    const { life } = setup();
    const { input, plan } = samplePlan();
    const broken = { ...plan, applyable: false, errors: [{ path: "x", message: "bad" }] };
    const draft = await life.createDraft(input, broken, alice);
    expect((await refusal(life.submit(draft.id, alice))).code).toBe("not-applyable");
    const other = sampleInput({ priority: 9 });
    expect((await refusal(life.createDraft(other, plan, alice))).code).toBe("invalid-input");
    expect((await refusal(life.submit("nope", alice))).code).toBe("not-found");
  });

  it("keeps comments and lists plans by status", async () => {
    const { life } = setup();
    const rec = await submitted(life);
    await life.createDraft(samplePlan().input, samplePlan().plan, bob);
    await life.addComment(rec.id, bob, "Why GOVERNANCE and not COMPLIANCE?");
    expect((await life.get(rec.id))?.comments).toMatchObject([{ actor: bob, text: "Why GOVERNANCE and not COMPLIANCE?" }]);
    expect((await refusal(life.addComment(rec.id, bob, " "))).code).toBe("comment-required");
    const list = await life.list({ status: "submitted" });
    expect(list).toMatchObject({
      total: 1,
      plans: [{ id: rec.id, status: "submitted", sourceBucket: "app-logs", destinationBucket: "central-vault" }],
    });
    expect((await life.list()).total).toBe(2);
  });
});

describe("races (two connections to the same file)", () => {
  it("two appliers racing claimForApply: exactly one proceeds", async () => {
    const t = setup();
    const rec = await submitted(t.life);
    await t.life.approve(rec.id, bob, rec.fingerprint);
    const other = planLifecycle(t.open(), { fourEyes: true });
    const results = await Promise.allSettled([
      t.life.claimForApply(rec.id, rec.fingerprint, carol, "run-a"),
      other.claimForApply(rec.id, rec.fingerprint, bob, "run-b"),
    ]);
    const ok = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(ok).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toMatchObject({ code: "conflict", message: expect.stringMatching(/Someone else changed this plan/) });
    const final = await t.life.get(rec.id);
    expect(final?.status).toBe("applying");
    expect(final?.history.filter((h) => h.to === "applying")).toHaveLength(1);
  });

  it("many appliers on many connections: still exactly one", async () => {
    const t = setup();
    const rec = await submitted(t.life);
    await t.life.approve(rec.id, bob, rec.fingerprint);
    const lives = Array.from({ length: 8 }, () => planLifecycle(t.open(), { fourEyes: true }));
    const results = await Promise.allSettled(lives.map((l, i) => l.claimForApply(rec.id, rec.fingerprint, carol, `run-${i}`)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });

  it("approve racing an edit: exactly one wins, and an approval never survives on edited content", async () => {
    for (const order of ["approve-first", "edit-first"] as const) {
      const t = setup();
      const rec = await submitted(t.life);
      const editor = planLifecycle(t.open(), { fourEyes: true });
      const edited = samplePlan(sampleInput({ priority: 42 }));
      const approve = () => t.life.approve(rec.id, bob, rec.fingerprint);
      const edit = () => editor.updateDraft(rec.id, edited.input, edited.plan, alice);
      const results = await Promise.allSettled(order === "approve-first" ? [approve(), edit()] : [edit(), approve()]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const final = (await t.life.get(rec.id))!;
      if (final.status === "approved") expect(final.approval?.fingerprint).toBe(final.fingerprint);
      else expect(final).toMatchObject({ status: "draft", approval: null, fingerprint: edited.plan.fingerprint });
    }
  });

  it("two editors saving the same draft at once: one wins, the other is told to reload (no lost update)", async () => {
    const t = setup();
    const { input, plan } = samplePlan();
    const rec = await t.life.createDraft(input, plan, alice);
    const other = planLifecycle(t.open(), { fourEyes: true });
    const a = samplePlan(sampleInput({ priority: 1 }));
    const b = samplePlan(sampleInput({ priority: 2 }));
    const results = await Promise.allSettled([
      t.life.updateDraft(rec.id, a.input, a.plan, alice),
      other.updateDraft(rec.id, b.input, b.plan, bob),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
  });

  it("separate OS processes racing claimForApply on one file: exactly one proceeds", async () => {
    const t = setup();
    const rec = await submitted(t.life);
    await t.life.approve(rec.id, bob, rec.fingerprint);
    const tsx = path.join(process.cwd(), "node_modules/.bin/tsx");
    const worker = path.join(process.cwd(), "testing/store-race-worker.ts");
    // Processes take ~1 s to start: they all wait for the same instant, then claim.
    const startAt = String(Date.now() + 2500);
    const run = (name: string) =>
      promisify(execFile)(tsx, ["--conditions=react-server", worker, t.dir, rec.id, rec.fingerprint, name, startAt], {
        cwd: process.cwd(),
      }).then(({ stdout }) => JSON.parse(stdout.trim()) as { ok: boolean; code?: string });
    const outcomes = await Promise.all(["p1", "p2", "p3", "p4"].map(run));
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    // A loser that read before the winner committed gets "conflict"; one that read after, "invalid-transition".
    for (const lost of outcomes.filter((o) => !o.ok)) expect(["conflict", "invalid-transition"]).toContain(lost.code);
    const final = await t.life.get(rec.id);
    expect(final?.history.filter((h) => h.to === "applying")).toHaveLength(1);
  }, 30_000);
});
