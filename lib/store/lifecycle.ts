import "server-only";
// The review lifecycle of a saved plan:
//
//   draft ──submit──▶ submitted ──approve(fingerprint)──▶ approved ──claimForApply──▶ applying ──▶ applied
//     ▲                   │                                   │                          │
//     │                   └──reject(comment)──▶ rejected ◀────┘                          └──▶ failed ──claimForApply (retry)──▶ applying
//     └──── updateDraft from submitted / approved / rejected / failed (approval withdrawn) ────┘
//
// Approval is bound to the fingerprint of the exact changes: approve() records it and refuses a stale
// one; claimForApply() proceeds only when the caller's fingerprint is the approved one. Every step is
// a compare-and-set on (status, version), so two people racing (approve vs edit, apply vs apply)
// cannot both succeed: the loser gets LifecycleError "conflict" and nothing is written.
import { randomBytes } from "node:crypto";
import { canonicalJson } from "../plan/canonical";
import type { Plan } from "../plan/types";
import type { WizardInput } from "../schema/wizard";
import { LifecycleError } from "./errors";
import { scrub } from "./scrub";
import type { Actor, HistoryEntry, PlanComment, PlanRecord, PlanStatus, PlanStore, PlanTransition, RunInfo } from "./types";

/** URL-safe random id: 16 bytes, base64url (22 characters). */
export const newId = () => randomBytes(16).toString("base64url");

export type LifecycleOptions = {
  /** The approver must be someone other than the author and every editor (LOCKBRIDGE_FOUR_EYES). */
  fourEyes: boolean;
  now?: () => Date;
  newId?: () => string;
};

export type RunError = NonNullable<RunInfo["error"]>;

const MAX_COMMENT = 4000;
const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

function commentText(comment: string | undefined | null, required: string | null): string | null {
  const text = comment?.trim() ?? "";
  if (text === "") {
    if (required) throw new LifecycleError("comment-required", required);
    return null;
  }
  if (text.length > MAX_COMMENT) throw new LifecycleError("invalid-input", `A comment is at most ${MAX_COMMENT} characters.`);
  return text;
}

function checkPlanMatchesInput(input: WizardInput, plan: Plan): void {
  // The server builds the plan from the validated input; a mismatch means a caller mixed them up.
  if (canonicalJson(plan.input) !== canonicalJson(input)) {
    throw new LifecycleError(
      "invalid-input",
      "The plan was not built from this input: rebuild the plan from the validated input before saving.",
    );
  }
}

const STATUS_WORDS: Record<PlanStatus, string> = {
  draft: "a draft",
  submitted: "submitted for review",
  approved: "approved",
  rejected: "rejected",
  applying: "being applied right now",
  applied: "already applied",
  failed: "failed during apply",
};

export function planLifecycle(store: PlanStore, o: LifecycleOptions) {
  const now = () => (o.now ?? (() => new Date()))().toISOString();
  const makeId = o.newId ?? newId;

  async function load(id: string): Promise<PlanRecord> {
    const rec = await store.getPlan(id);
    if (!rec) throw new LifecycleError("not-found", `There is no saved plan ${id}.`);
    return rec;
  }

  type Step = {
    to: PlanStatus;
    event: string;
    comment?: string | null;
    set?: PlanTransition["set"];
    runId?: string | null;
    approvedFingerprint?: string;
  };

  /** Loads, checks the state machine, then compare-and-sets. `step` may throw to refuse. */
  async function move(id: string, actor: Actor, verb: string, from: PlanStatus[], step: (rec: PlanRecord) => Step): Promise<PlanRecord> {
    const rec = await load(id);
    if (!from.includes(rec.status)) {
      throw new LifecycleError("invalid-transition", `Cannot ${verb} this plan: it is ${STATUS_WORDS[rec.status]}.`);
    }
    const s = step(rec);
    const fingerprint = s.set?.fingerprint ?? rec.fingerprint;
    const history: HistoryEntry = {
      at: now(),
      actor,
      from: rec.status,
      to: s.to,
      event: s.event,
      comment: s.comment ?? null,
      fingerprint,
      runId: s.runId ?? null,
    };
    const updated = await store.transitionPlan(id, {
      expect: {
        status: rec.status,
        version: rec.version,
        ...(s.approvedFingerprint === undefined ? {} : { approvedFingerprint: s.approvedFingerprint }),
      },
      set: { ...s.set, status: s.to },
      history,
    });
    if (!updated) {
      throw new LifecycleError(
        "conflict",
        `Someone else changed this plan while you were trying to ${verb} it. Reload it and check the current state before trying again.`,
      );
    }
    return updated;
  }

  /**
   * Atomically moves an approved (or failed, for a retry) plan to applying, only when `fingerprint`
   * is the approved one. Of two appliers racing, exactly one gets the record; the other a conflict.
   */
  async function claimForApply(id: string, fingerprint: string, actor: Actor, runId: string = makeId()): Promise<PlanRecord> {
    return move(id, actor, "apply", ["approved", "failed"], (rec) => {
      if (!rec.approval || rec.approval.fingerprint !== fingerprint || rec.fingerprint !== fingerprint) {
        throw new LifecycleError(
          "fingerprint-mismatch",
          "These changes are not the approved ones (fingerprint differs). Re-plan, submit and have the new plan approved.",
        );
      }
      const run: RunInfo = { runId, by: actor, startedAt: now(), finishedAt: null, error: null };
      return {
        to: "applying",
        event: rec.status === "failed" ? "retry started" : "apply started",
        runId,
        set: { run },
        approvedFingerprint: fingerprint,
      };
    });
  }

  return {
    get: (id: string) => store.getPlan(id),
    list: store.listPlans.bind(store),

    async createDraft(input: WizardInput, plan: Plan, actor: Actor): Promise<PlanRecord> {
      checkPlanMatchesInput(input, plan);
      const at = now();
      return store.createPlan({
        id: makeId(),
        status: "draft",
        input,
        plan,
        fingerprint: plan.fingerprint,
        author: actor,
        createdAt: at,
        history: { at, actor, from: null, to: "draft", event: "created", comment: null, fingerprint: plan.fingerprint, runId: null },
      });
    },

    /** Saves new input and plan; a submitted, approved, rejected or failed plan goes back to draft and loses its approval. */
    async updateDraft(id: string, input: WizardInput, plan: Plan, actor: Actor): Promise<PlanRecord> {
      checkPlanMatchesInput(input, plan);
      return move(id, actor, "edit", ["draft", "submitted", "approved", "rejected", "failed"], (rec) => ({
        to: "draft",
        event: "edited",
        comment:
          rec.status === "draft"
            ? null
            : `Edited while ${STATUS_WORDS[rec.status]}: back to draft${rec.approval ? ", approval withdrawn" : ""}.`,
        set: { input, plan, fingerprint: plan.fingerprint, approval: null },
      }));
    },

    async submit(id: string, actor: Actor, comment?: string): Promise<PlanRecord> {
      return move(id, actor, "submit", ["draft", "rejected"], (rec) => {
        if (!rec.plan.applyable) {
          const n = rec.plan.errors.length;
          throw new LifecycleError(
            "not-applyable",
            `This plan has ${n} problem${n === 1 ? "" : "s"} to fix before it can be submitted for review.`,
          );
        }
        return { to: "submitted", event: "submitted", comment: commentText(comment, null) };
      });
    },

    async approve(id: string, actor: Actor, fingerprint: string, comment?: string): Promise<PlanRecord> {
      return move(id, actor, "approve", ["submitted"], (rec) => {
        if (fingerprint !== rec.fingerprint) {
          throw new LifecycleError(
            "fingerprint-mismatch",
            "The plan changed since you reviewed it (its fingerprint differs). Review the current changes, then approve again.",
          );
        }
        if (o.fourEyes) {
          const writers = rec.history.filter((h) => h.event === "created" || h.event === "edited").map((h) => h.actor.name);
          if (writers.some((w) => sameName(w, actor.name))) {
            throw new LifecycleError(
              "four-eyes",
              `Four-eyes review is on: ${actor.name} wrote or edited this plan, so someone else must approve it.`,
            );
          }
        }
        const text = commentText(comment, null);
        return {
          to: "approved",
          event: "approved",
          comment: text,
          set: { approval: { fingerprint, by: actor, at: now(), comment: text } },
        };
      });
    },

    /** Rejects a submitted plan, or withdraws an approval before apply. The comment says why (required). */
    async reject(id: string, actor: Actor, comment: string): Promise<PlanRecord> {
      const text = commentText(comment, "Say why the plan is rejected: the author needs to know what to change.");
      return move(id, actor, "reject", ["submitted", "approved"], () => ({
        to: "rejected",
        event: "rejected",
        comment: text,
        set: { approval: null },
      }));
    },

    claimForApply,

    /** The same as claimForApply, with the run described as one object. */
    markApplying: (id: string, run: { fingerprint: string; actor: Actor; runId?: string }) =>
      claimForApply(id, run.fingerprint, run.actor, run.runId),

    async markApplied(id: string, run: { runId: string; actor: Actor }): Promise<PlanRecord> {
      return move(id, run.actor, "mark as applied", ["applying"], (rec) => finishRun(rec, run.runId, "applied", null));
    },

    /** Records a failed run (or releases a run that crashed). The plan can be retried with claimForApply. */
    async markFailed(id: string, run: { runId: string; actor: Actor; error: RunError }): Promise<PlanRecord> {
      return move(id, run.actor, "mark as failed", ["applying"], (rec) => finishRun(rec, run.runId, "failed", run.error));
    },

    async addComment(id: string, actor: Actor, text: string): Promise<PlanComment> {
      await load(id);
      return store.addComment(id, actor, commentText(text, "A comment cannot be empty.")!, now());
    },
  };

  function finishRun(rec: PlanRecord, runId: string, to: "applied" | "failed", raw: RunError | null): Step {
    // AWS error messages are shown to reviewers and kept in history: same scrubbing as the audit log.
    const error = raw ? scrub(raw).value : null;
    if (rec.run?.runId !== runId) {
      throw new LifecycleError("conflict", `Run ${runId} is not the current apply of this plan (that is ${rec.run?.runId ?? "none"}).`);
    }
    return {
      to,
      event: to === "applied" ? "apply finished" : "apply failed",
      comment: error ? `${error.changeId ? `${error.changeId}: ` : ""}${error.code ? `${error.code}: ` : ""}${error.message}` : null,
      runId,
      set: { run: { ...rec.run, finishedAt: now(), error } },
    };
  }
}

export type PlanLifecycle = ReturnType<typeof planLifecycle>;
