// Permission simulation: would every replication request be authorized, before and after apply?
// Pure: the policy engine is injected (types.ts Evaluator); ./index.ts binds iam-simulate.
//
// Rules the report follows (AWS "Policy evaluation logic", cross-account):
// - Same account (source bucket, source key): an Allow in the role's policies OR the resource policy is
//   enough (a KMS key policy must allow the role or delegate to the account).
// - Cross account (destination bucket, destination key): both the role's policy AND the resource policy
//   must allow. An implicit deny names the side(s) without an Allow.
// - An explicit Deny anywhere wins; the report quotes the statement.
// - A document we could not read is simulated as absent; a result that depends on it is "unknown" (deny
//   side) or not certain (allow side). SCPs/RCPs are never visible here: always a caveat.
import type { WizardInput } from "../../schema/wizard";
import { statementsOf } from "../canonical";
import type { ObservedState } from "../observed";
import type { Plan, PlanNames, PolicyDocument } from "../types";
import { replicationNeeds, simulationInputs, type Input, type Need, type SimulationInputs } from "./requests";
import {
  SIDE_LABEL,
  type ActionResult,
  type BeforeAfter,
  type EvaluatedStatement,
  type EvaluationOutcome,
  type EvaluationPolicyType,
  type Evaluator,
  type PolicySide,
  type SimulationReport,
  type StatementRef,
} from "./types";

export const ORG_POLICIES_CAVEAT = "SCPs and RCPs of your AWS Organization cannot be read here and may still deny replication.";

const uniq = <T>(xs: T[]) => [...new Set(xs)];

export function describeStatement(ref: Pick<StatementRef, "side" | "sid" | "index" | "policyName">): string {
  const id = ref.sid ? `"${ref.sid}"` : `#${ref.index}`;
  return `${SIDE_LABEL[ref.side]}${ref.policyName && ref.side === "role-policy" ? ` (${ref.policyName})` : ""}, statement ${id}`;
}

function documentFor(side: PolicySide, policyName: string | undefined, inputs: SimulationInputs, need: Need): PolicyDocument | null {
  if (side === "role-policy") return inputs.role.identity.find((p) => p.name === policyName)?.document ?? null;
  if (side === "permissions-boundary") return inputs.role.boundary?.document ?? null;
  const p = inputs.policies[need.resourceSide];
  return p?.known ? p.value : null;
}

function judge(need: Need, inputs: SimulationInputs, principalAccount: string, outcome: EvaluationOutcome): ActionResult {
  const crossAccount = need.resourceAccount !== principalAccount;
  const base = {
    action: need.action,
    resource: need.resource,
    simulatedResource: need.simulatedResource,
    resourceAccount: need.resourceAccount,
    crossAccount,
  };
  if (outcome.kind === "error") {
    return {
      ...base,
      decision: "unknown",
      certain: false,
      reason: `Could not simulate: ${outcome.message}`,
      missing: [],
      denies: [],
      grants: [],
      unevaluated: [],
    };
  }
  const sideOf = (t: EvaluationPolicyType): PolicySide =>
    t === "identity" ? "role-policy" : t === "pb" ? "permissions-boundary" : need.resourceSide;
  const ref = (s: EvaluatedStatement): StatementRef => {
    const side = sideOf(s.policyType);
    const statement = statementsOf(documentFor(side, s.policyName, inputs, need))[s.index - 1];
    return {
      side,
      ...(s.policyName ? { policyName: s.policyName } : {}),
      ...(s.sid ? { sid: s.sid } : {}),
      index: s.index,
      ...(statement !== undefined ? { statement } : {}),
    };
  };
  const resourceInput: Input<PolicyDocument> | undefined = inputs.policies[need.resourceSide];
  const sideKnown = (side: PolicySide) =>
    side === "role-policy"
      ? inputs.role.gaps.length === 0 || inputs.role.absent
      : side === "permissions-boundary"
        ? true
        : resourceInput?.known === true;
  const unknownWhy = (side: PolicySide) =>
    side === "role-policy"
      ? inputs.role.gaps.join(" ")
      : side === need.resourceSide && resourceInput && !resourceInput.known
        ? resourceInput.why
        : "";
  const unevaluated = outcome.unevaluated.map((u) => ({
    side: sideOf(u.policyType),
    effect: u.effect,
    ...(u.sid ? { sid: u.sid } : {}),
    operator: u.operator,
    key: u.key,
    values: u.values,
  }));
  const condNote =
    unevaluated.length > 0
      ? ` Not evaluated: ${uniq(unevaluated.map((u) => `${u.effect} condition ${u.operator} ${u.key} (${SIDE_LABEL[u.side]})`)).join("; ")}.`
      : "";

  if (outcome.result === "ExplicitlyDenied") {
    const denies = outcome.explicit.map(ref);
    return {
      ...base,
      decision: "explicit-deny",
      certain: true,
      reason: `Explicitly denied by ${denies.map(describeStatement).join(" and ")}.${condNote}`,
      missing: [],
      denies,
      grants: [],
      unevaluated,
    };
  }
  if (outcome.result === "ImplicitlyDenied") {
    // iam-simulate names no resource side when there is no resource policy at all ("not applicable");
    // cross-account that absence is itself a missing Allow, and an empty answer means the role's side.
    const hasResourcePolicy = resourceInput?.known === true && resourceInput.value !== null;
    const missing = uniq([
      ...outcome.implicit.map(sideOf),
      ...(crossAccount && !hasResourcePolicy ? [need.resourceSide] : []),
      ...(outcome.implicit.length === 0 && !crossAccount ? (["role-policy"] as const) : []),
      // Same account with an unread resource policy (a plan-only account): KMS needs its key policy to
      // allow, so the missing Allow may be there; that is "cannot tell", not a deny.
      ...(outcome.implicit.length === 0 && !crossAccount && resourceInput && !resourceInput.known ? [need.resourceSide] : []),
    ]);
    // Cross account both sides must allow, so one known missing side decides; same account either side
    // may allow, so every missing side must be known.
    const decided = crossAccount ? missing.some(sideKnown) : missing.length > 0 && missing.every(sideKnown);
    const what = missing
      .map((s) => (s === "role-policy" && inputs.role.absent ? "the role's policy (the role does not exist yet)" : SIDE_LABEL[s]))
      .join(" and ");
    const reason = decided
      ? `Not allowed: nothing in ${what} grants it${crossAccount && missing.length === 1 && missing[0] !== "permissions-boundary" ? ` (cross-account: the role's policy and ${SIDE_LABEL[need.resourceSide]} must both allow)` : ""}.${condNote}`
      : `Cannot tell: ${uniq(missing.map(unknownWhy).filter(Boolean)).join(" ")}.`;
    return {
      ...base,
      decision: decided ? "implicit-deny" : "unknown",
      certain: decided,
      reason,
      missing,
      denies: [],
      grants: [],
      unevaluated,
    };
  }
  const grants = outcome.grants.map(ref);
  const doubts = [
    ...(inputs.role.gaps.length > 0 && !inputs.role.absent ? inputs.role.gaps : []),
    ...(resourceInput && !resourceInput.known ? [resourceInput.why] : []),
  ];
  const by = grants.length > 0 ? ` by ${uniq(grants.map(describeStatement)).join(" and ")}` : "";
  return {
    ...base,
    decision: "allowed",
    certain: doubts.length === 0 && unevaluated.length === 0,
    reason: `Allowed${by}.${condNote}${doubts.length > 0 ? ` Not certain: ${doubts.join(" ")}` : ""}`,
    missing: [],
    denies: [],
    grants,
    unevaluated,
  };
}

/** Simulate with explicit inputs (the after-state is built by overlaying the plan's documents). */
export async function simulateInputs(
  evaluate: Evaluator,
  input: WizardInput,
  names: PlanNames,
  inputs: SimulationInputs,
  extraCaveats: string[] = [],
): Promise<SimulationReport> {
  const needs = replicationNeeds(input, names);
  const principalAccount = needs[0]?.context["aws:PrincipalAccount"] ?? input.accounts.source.accountId;
  const results = await Promise.all(
    needs.map(async (need) => {
      const resource = inputs.policies[need.resourceSide];
      const outcome = await evaluate({
        principal: names.roleArn,
        action: need.action,
        resource: need.simulatedResource,
        resourceAccount: need.resourceAccount,
        context: need.context,
        absentContextKeys: need.absent,
        identityPolicies: inputs.role.identity,
        ...(inputs.role.boundary ? { permissionsBoundary: inputs.role.boundary } : {}),
        ...(resource?.known && resource.value ? { resourcePolicy: resource.value } : {}),
      });
      return judge(need, inputs, principalAccount, outcome);
    }),
  );
  const usedSides = uniq(needs.map((n) => n.resourceSide));
  const caveats = uniq([
    ...extraCaveats,
    ...inputs.role.gaps,
    ...usedSides.flatMap((s) => {
      const p = inputs.policies[s];
      return p && !p.known ? [`${p.why}: it is simulated as if it granted and denied nothing.`] : [];
    }),
    ORG_POLICIES_CAVEAT,
  ]);
  return {
    principal: names.roleArn,
    principalAccount,
    results,
    allowed: results.filter((r) => r.decision === "allowed").length,
    total: results.length,
    caveats,
  };
}

export function simulateReplicationWith(
  evaluate: Evaluator,
  input: WizardInput,
  observed: ObservedState,
  names: PlanNames,
): Promise<SimulationReport> {
  return simulateInputs(evaluate, input, names, simulationInputs(observed));
}

/**
 * The inputs as they will be once the plan is applied: the plan's `after` documents (role, inline
 * policy, bucket policy, key policy) laid over what was observed. A document written from an unread
 * state is taken as written, with a caveat (apply re-reads and merges into what is live).
 */
export function afterInputs(
  plan: Plan,
  before: SimulationInputs,
  awsManagedDestinationKey = false,
): { inputs: SimulationInputs; caveats: string[] } {
  const role = { ...before.role, identity: [...before.role.identity], gaps: [...before.role.gaps] };
  const policies = { ...before.policies };
  const caveats: string[] = [];
  for (const c of plan.changes) {
    if (c.kind === "no-op") continue;
    if (c.stateUnknown)
      caveats.push(
        `After apply: ${c.description.replace(/ \(state unknown, plan-only\)$/, "")} was planned without reading the live state; apply merges into whatever is live.`,
      );
    switch (c.action) {
      case "CreateRole":
        role.absent = false;
        role.gaps = role.gaps.filter((g) => !g.startsWith("The replication role"));
        break;
      case "PutRolePolicy": {
        if (!c.after) break;
        const name = c.after.PolicyName;
        role.identity = [...role.identity.filter((p) => p.name !== name), { name, document: c.after.PolicyDocument }];
        break;
      }
      case "PutBucketPolicy":
        policies["destination-bucket-policy"] = { known: true, value: c.after };
        break;
      case "PutKeyPolicy":
        // An AWS managed key's policy can never be changed: the planned write would be refused.
        if (awsManagedDestinationKey) caveats.push("After apply: the destination key is AWS managed, so its key policy cannot be changed.");
        else policies["destination-key-policy"] = { known: true, value: c.after };
        break;
      default:
        break;
    }
  }
  return { inputs: { role, policies }, caveats };
}

export async function simulateBeforeAfterWith(evaluate: Evaluator, plan: Plan, observed: ObservedState): Promise<BeforeAfter> {
  const before = simulationInputs(observed);
  const awsManaged = observed.destinationKey?.status === "found" && observed.destinationKey.value.keyManager === "AWS";
  const after = afterInputs(plan, before, awsManaged);
  const [b, a] = await Promise.all([
    simulateInputs(evaluate, plan.input, plan.names, before),
    simulateInputs(evaluate, plan.input, plan.names, after.inputs, after.caveats),
  ]);
  return { before: b, after: a };
}
