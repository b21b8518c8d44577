// Preflight diagnostics and permission simulation. Run on the server: the bound evaluator is
// iam-simulate, which loads its IAM data lazily from its package files. The `*With` variants take any
// Evaluator (pure: tests use them with a fake).
import type { WizardInput } from "../../schema/wizard";
import type { ObservedState } from "../observed";
import type { Plan, PlanNames, PolicyDocument } from "../types";
import { preflightWith } from "./diagnose";
import { iamSimulateEvaluator } from "./engine";
import { ownPermissionChecksWith, type AccessPolicies } from "./own-permissions";
import { simulateBeforeAfterWith, simulateReplicationWith } from "./simulate";
import type { BeforeAfter, PreflightResult, SimulationReport } from "./types";

export type * from "./types";
export { SIDE_LABEL } from "./types";
export { diagnose, preflightWith } from "./diagnose";
export {
  afterInputs,
  describeStatement,
  simulateBeforeAfterWith,
  simulateInputs,
  simulateReplicationWith,
  ORG_POLICIES_CAVEAT,
} from "./simulate";
export { replicationNeeds, simulationInputs } from "./requests";
export { iamSimulateEvaluator } from "./engine";
export { fixingStatement, ownPermissionChecksWith, planCalls, type AccessPolicies, type OwnCall } from "./own-permissions";

/** Would the replication role be allowed every replication request against what was observed? */
export function simulateReplication(input: WizardInput, observed: ObservedState, names: PlanNames): Promise<SimulationReport> {
  return simulateReplicationWith(iamSimulateEvaluator, input, observed, names);
}

/** The same simulation before apply (observed) and after (the plan's documents laid over it). */
export function simulateBeforeAfter(plan: Plan, observed: ObservedState): Promise<BeforeAfter> {
  return simulateBeforeAfterWith(iamSimulateEvaluator, plan, observed);
}

/** Diagnostics + simulation; `blocking` when any diagnostic is an error. */
export function preflight(plan: Plan, observed: ObservedState): Promise<PreflightResult> {
  return preflightWith(iamSimulateEvaluator, plan, observed);
}

/** Lockbridge's own access roles simulated against every call the plan makes (before apply). */
export function ownPermissionChecks(
  plan: Plan,
  observed: ObservedState,
  access: Parameters<typeof ownPermissionChecksWith>[2],
): ReturnType<typeof ownPermissionChecksWith> {
  const keyPolicies: Record<string, PolicyDocument> = {};
  for (const key of [observed.sourceKey, observed.destinationKey]) {
    if (key?.status === "found" && key.value.policy.status === "found") keyPolicies[key.value.arn] = key.value.policy.value;
  }
  return ownPermissionChecksWith(iamSimulateEvaluator, plan, access, keyPolicies);
}
export type OwnAccess = Partial<Record<"source" | "destination", AccessPolicies>>;
