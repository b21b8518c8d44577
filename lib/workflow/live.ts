import "server-only";
// The server builds every plan itself: validated wizard input → discover (both accounts, with the
// server's credentials) → buildPlan. The client never supplies a document (docs/architecture.md, habit 8).
import { rememberReview } from "@/lib/apply/review";
import { changedItems, inputHash, itemLabel } from "@/lib/apply/resume";
import { discover } from "@/lib/aws/discover";
import { readAccessPolicies } from "@/lib/aws/onboard";
import { buildPlan } from "@/lib/plan/build";
import { canonicalJson } from "@/lib/plan/canonical";
import { ownPermissionChecks, preflight, type PreflightResult } from "@/lib/plan/diagnostics";
import { normalize } from "@/lib/plan/normalize";
import type { ObservedState } from "@/lib/plan/observed";
import type { Plan } from "@/lib/plan/types";
import type { WizardInput } from "@/lib/schema/wizard";

/** Reads both accounts and builds the plan now. Remembered by fingerprint, so the apply engine can explain drift too. */
export async function planNow(input: WizardInput): Promise<{ plan: Plan; observed: ObservedState }> {
  const observed = await discover(input);
  const plan = buildPlan(input, observed);
  rememberReview(plan);
  return { plan, observed };
}

/** The plan built from live state now, and the diagnostics (preflight checks + permission simulation) for it. */
export async function liveReview(input: WizardInput): Promise<{ plan: Plan; preflight: PreflightResult }> {
  const [{ plan, observed }, access] = await Promise.all([planNow(input), readAccessPolicies(input)]);
  const [checked, own] = await Promise.all([preflight(plan, observed), ownPermissionChecks(plan, observed, access)]);
  // Lockbridge's own access roles first: a call they may not make stops apply before replication matters.
  const diagnostics = [...own.filter((d) => d.severity === "error"), ...checked.diagnostics, ...own.filter((d) => d.severity !== "error")];
  return { plan, preflight: { ...checked, diagnostics, blocking: diagnostics.some((d) => d.severity === "error") } };
}

const docOf = (c: Plan["changes"][number]) => canonicalJson({ kind: c.kind, after: normalize(c.after) ?? null });

/**
 * Why `now` is not the approved plan, in words a reviewer can act on: which live document changed
 * (observed hashes), and which planned write would now send a different document.
 */
export function describeDrift(approved: Plan, now: Plan): string[] {
  const out: string[] = [];
  if (inputHash(approved.input) !== inputHash(now.input)) out.push("The wizard input differs from the approved one.");
  for (const key of changedItems(approved.observedHashes, now.observedHashes)) {
    out.push(`The ${itemLabel(key, now)} changed since the plan was approved (live document hash differs).`);
  }
  for (const c of now.changes) {
    const then = approved.changes.find((a) => a.id === c.id);
    if (!then) out.push(`${c.action} on ${c.target} is new in the plan built now.`);
    else if (docOf(then) !== docOf(c))
      out.push(`${c.action} on ${c.target} would now write a different document than the approved one (${c.description}).`);
  }
  for (const a of approved.changes)
    if (!now.changes.some((c) => c.id === a.id)) out.push(`${a.action} on ${a.target} is no longer in the plan.`);
  if (out.length === 0) out.push("The planned changes differ from the approved ones.");
  return out;
}
