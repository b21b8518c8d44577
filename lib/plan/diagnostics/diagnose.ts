// diagnose(): every preflight check, most severe first. Pure; the simulation part needs a BeforeAfter
// (preflight() computes it).
import type { WizardInput } from "../../schema/wizard";
import type { ObservedState } from "../observed";
import type { Plan } from "../types";
import { bucketChecks } from "./checks-buckets";
import { configChecks } from "./checks-config";
import { simulationChecks } from "./checks-simulation";
import { simulateBeforeAfterWith } from "./simulate";
import type { BeforeAfter, Diagnostic, Evaluator, PreflightResult, Severity } from "./types";

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function diagnose(input: WizardInput, observed: ObservedState, plan: Plan, simulation?: BeforeAfter): Diagnostic[] {
  const all = [
    ...bucketChecks(input, observed, plan),
    ...configChecks(input, observed, plan),
    ...(simulation ? simulationChecks(simulation) : []),
  ];
  // Stable sort: severity first, then the order the checks run in.
  return all
    .map((d, i) => ({ d, i }))
    .sort((a, b) => RANK[a.d.severity] - RANK[b.d.severity] || a.i - b.i)
    .map(({ d }) => d);
}

export async function preflightWith(evaluate: Evaluator, plan: Plan, observed: ObservedState): Promise<PreflightResult> {
  const simulation = await simulateBeforeAfterWith(evaluate, plan, observed);
  const diagnostics = diagnose(plan.input, observed, plan, simulation);
  return { diagnostics, simulation, blocking: diagnostics.some((d) => d.severity === "error") };
}
