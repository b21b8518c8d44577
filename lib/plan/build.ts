// buildPlan(input, observed) → Plan. Pure: no clock, no randomness, no I/O; never throws on schema-valid input.
import type { WizardInput } from "../schema/wizard";
import { renderBatchPlan } from "./batch";
import { bucketRead, type Notes } from "./live";
import { bucketPolicyChange, keyPolicyChange, objectLockChange, versioningChange } from "./build-destination";
import { liveRole, replicationChange, roleChange, rolePolicyChange } from "./build-source";
import { inputWarnings, observedChecks } from "./checks";
import { planDocuments } from "./documents";
import { observedHashes, planFingerprint } from "./fingerprint";
import { planNames } from "./names";
import { withNormalizeCache } from "./normalize";
import type { ObservedState } from "./observed";
import { orderChanges } from "./order";
import type { Change, Plan, PlanProblem } from "./types";
import { iamChars, validateChanges } from "./validate";

const dedupe = <T extends { path?: string; message: string }>(items: T[]) => {
  const seen = new Set<string>();
  return items.filter((i) => {
    const k = `${i.path ?? ""}\u0000${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
};

export function buildPlan(input: WizardInput, observed: ObservedState): Plan {
  return withNormalizeCache(() => build(input, observed));
}

function build(input: WizardInput, observed: ObservedState): Plan {
  const { names, warnings } = planNames(input, observed);
  const notes: Notes = { errors: [], warnings };
  observedChecks(input, observed, names, notes);

  const role = liveRole(input, observed, notes);
  const changes: Change[] = [
    versioningChange(input, "destination", bucketRead(observed.destination, "versioning"), notes),
    objectLockChange(input, observed, notes),
    roleChange(input, names, role, notes),
    rolePolicyChange(input, names, role, notes),
    ...[keyPolicyChange(input, observed, names, notes)].filter((c): c is Change => c !== undefined),
    bucketPolicyChange(input, observed, names, notes),
    versioningChange(input, "source", bucketRead(observed.source, "versioning"), notes),
    replicationChange(input, observed, names, notes),
  ];
  const ordered = orderChanges(changes);
  inputWarnings(input, ordered, notes);

  const othersChars = Object.entries(role.role?.inlinePolicies ?? {})
    .filter(([name]) => name !== names.rolePolicyName)
    .reduce((sum, [, doc]) => sum + iamChars(doc), 0);
  const checked = validateChanges(ordered, othersChars);
  const errors: PlanProblem[] = dedupe([...notes.errors, ...checked.errors]);
  const hashes = observedHashes(observed);
  const fingerprint = planFingerprint(ordered, hashes);
  const batch = renderBatchPlan(input, names, fingerprint);
  return {
    version: 1,
    input,
    names,
    changes: ordered,
    errors,
    warnings: dedupe([...notes.warnings, ...checked.warnings]),
    applyable: errors.length === 0,
    fingerprint,
    observedHashes: hashes,
    documents: planDocuments(ordered),
    ...(batch ? { batch } : {}),
  };
}
