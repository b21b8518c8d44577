import "server-only";
// The server builds every plan itself: validated wizard input → discover (both accounts, with the
// server's credentials) → buildPlan. The client never supplies a document (docs/architecture.md, habit 8).
import { planNow } from "@/lib/apply/review";
import { baselineOfPlan, driftDetails } from "@/lib/apply/drift";
import { readAccessPolicies } from "@/lib/aws/onboard";
import { ownPermissionChecks, preflight, type PreflightResult } from "@/lib/plan/diagnostics";
import type { ObservedState } from "@/lib/plan/observed";
import type { Plan } from "@/lib/plan/types";
import type { WizardInput } from "@/lib/schema/wizard";

/** Reads both accounts and builds the plan now (the one planNow, in lib/apply/review.ts). */
export { planNow };

/** The plan built from live state now, and the diagnostics (preflight checks + permission simulation) for it. */
export async function liveReview(input: WizardInput): Promise<{ plan: Plan; preflight: PreflightResult; observed: ObservedState }> {
  const [{ plan, observed }, access] = await Promise.all([planNow(input), readAccessPolicies(input)]);
  return { plan, observed, preflight: await diagnosticsOf(plan, observed, access) };
}

/**
 * The diagnostics of a plan already built from what was read: preflight checks and the permission
 * simulation, and what Lockbridge's own access roles may do (`access`: their policies, or read here).
 */
export async function diagnosticsOf(
  plan: Plan,
  observed: ObservedState,
  access?: Awaited<ReturnType<typeof readAccessPolicies>>,
): Promise<PreflightResult> {
  const [checked, own] = await Promise.all([
    preflight(plan, observed),
    ownPermissionChecks(plan, observed, access ?? (await readAccessPolicies(plan.input))),
  ]);
  // Lockbridge's own access roles first: a call they may not make stops apply before replication matters.
  const diagnostics = [...own.filter((d) => d.severity === "error"), ...checked.diagnostics, ...own.filter((d) => d.severity !== "error")];
  return { ...checked, diagnostics, blocking: diagnostics.some((d) => d.severity === "error") };
}

/** Why `now` is not the approved plan: which live document changed and which write would now differ. */
export function describeDrift(approved: Plan, now: Plan): string[] {
  return driftDetails(baselineOfPlan(approved), now, "approval");
}
