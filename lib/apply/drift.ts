import "server-only";
// The one explanation of drift: why the plan built now is not the one a person reviewed or approved, in
// words they can act on. Apply uses it with the baseline it remembered at review; the saved-plan pages use
// it with the approved plan itself, which also lets it name each write whose document changed.
import { normalizedJson } from "@/lib/plan/normalize";
import type { Change, Plan } from "@/lib/plan/types";
import { changedItems, inputHash, itemLabel } from "./resume";

export type DriftBaseline = { inputHash: string; observedHashes: Record<string, string>; changes?: readonly Change[] };

const docOf = (c: Change) => `${c.kind}\u0000${normalizedJson(c.after)}`;

/** Sentences naming what differs between `then` (reviewed or approved) and `now`; never empty. */
export function driftDetails(then: DriftBaseline, now: Plan, since: "review" | "approval"): string[] {
  const when = since === "review" ? "since review" : "since the plan was approved";
  const out: string[] = [];
  if (then.inputHash !== inputHash(now.input)) out.push(`The wizard input changed ${when}.`);
  for (const key of changedItems(then.observedHashes, now.observedHashes)) out.push(`The ${itemLabel(key, now)} changed ${when}.`);
  if (then.changes) {
    for (const c of now.changes) {
      const before = then.changes.find((a) => a.id === c.id);
      if (!before) out.push(`${c.action} on ${c.target} is new in the plan built now.`);
      else if (docOf(before) !== docOf(c)) out.push(`${c.action} on ${c.target} would now write a different document (${c.description}).`);
    }
    for (const a of then.changes)
      if (!now.changes.some((c) => c.id === a.id)) out.push(`${a.action} on ${a.target} is no longer in the plan.`);
  }
  if (out.length === 0) out.push(`The planned changes differ from the ones ${since === "review" ? "reviewed" : "approved"}.`);
  return out;
}

/** The drift baseline of an approved plan. */
export const baselineOfPlan = (plan: Plan): DriftBaseline => ({
  inputHash: inputHash(plan.input),
  observedHashes: plan.observedHashes,
  changes: plan.changes,
});
