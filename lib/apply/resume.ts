import "server-only";
// Approval and resume rules.
//
// Fresh apply: re-plan now; the new fingerprint must equal the approved one. Anything else (input edited,
// a live document changed) is refused, naming what differs when the reviewed plan is known here.
//
// Resume (apply again with the failed run's id as resume token, and the SAME approved fingerprint): the
// fingerprint cannot match any more, because our own writes changed live state. The re-plan is accepted
// when it equals the approved plan minus exactly our writes:
//   1. the input is the same (canonical hash);
//   2. every observed item whose hash changed is one that a change we sent (done, or failed: a failed
//      call may still have landed) writes to; drift anywhere else is someone else's and is refused;
//   3. every change we completed is now a no-op (or, read-after-write lag or a revert, still exactly the
//      approved change: sending it again is what the reviewer approved);
//   4. every other change is identical to the approved one (action, target, kind, normalized document);
//      a change we sent that failed may also be a no-op now.
// So a resume never applies anything the reviewer did not see, and foreign edits made in between are
// caught (they change an untouched item's hash, or a merged document).
import { canonicalJson } from "@/lib/plan/canonical";
import { normalize } from "@/lib/plan/normalize";
import { sha256Hex } from "@/lib/plan/sha256";
import { stepOf } from "@/lib/plan/order";
import type { BaseChangeId, ChangeId, Plan } from "@/lib/plan/types";
import type { WizardInput } from "@/lib/schema/wizard";

export type Baseline = {
  fingerprint: string;
  inputHash: string;
  observedHashes: Record<string, string>;
  changes: Record<string, { kind: string; digest: string }>;
};

export const inputHash = (input: WizardInput) => sha256Hex(canonicalJson(input));
const digest = (c: Plan["changes"][number]) =>
  sha256Hex(canonicalJson({ action: c.action, target: c.target, after: normalize(c.after) ?? null }));

export function baselineOf(plan: Plan): Baseline {
  return {
    fingerprint: plan.fingerprint,
    inputHash: inputHash(plan.input),
    observedHashes: plan.observedHashes,
    changes: Object.fromEntries(plan.changes.map((c) => [c.id, { kind: c.kind, digest: digest(c) }])),
  };
}

/** Observed items (observedHashes keys) each change writes to. */
export const WRITES: Record<BaseChangeId, string[]> = {
  "destination.versioning": ["destination.versioning"],
  // S3 turns versioning on with Object Lock; harmless to allow.
  "destination.objectLock": ["destination.objectLock", "destination.versioning"],
  "source.role": ["role"],
  "source.rolePolicy": ["role"],
  "destination.keyPolicy": ["destinationKey.policy"],
  "destination.bucketPolicy": ["destination.policy"],
  "source.versioning": ["source.versioning"],
  "source.replication": ["source.replication"],
};

/** Human names for observed items, for "what drifted" messages. */
export function itemLabel(key: string, plan: Plan): string {
  const { source, destination } = plan.input.accounts;
  const [side, item] = key.split(".");
  const bucket = side === "source" ? source.bucket : side === "destination" ? destination.bucket : undefined;
  if (key === "role") return `replication role ${plan.names.roleName}`;
  if (side === "rollback") {
    const change = plan.changes.find((c) => key === `rollback.${c.id}`);
    return change ? `document of rollback step "${change.description}"` : "plan this rollback undoes";
  }
  if (side === "sourceKey" || side === "destinationKey")
    return `${side === "sourceKey" ? "source" : "destination"} KMS key${item === "policy" ? " policy" : ""}`;
  return item ? `${item} of bucket ${bucket}` : `bucket ${bucket}`;
}

export function changedItems(before: Record<string, string>, now: Record<string, string>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(now)]);
  return [...keys].filter((k) => before[k] !== now[k]).sort();
}

export function acceptResume(baseline: Baseline, written: Set<ChangeId>, touched: Set<ChangeId>, plan: Plan): string[] {
  const reasons: string[] = [];
  if (inputHash(plan.input) !== baseline.inputHash) reasons.push("The wizard input changed since the approved plan.");
  // A rollback plan observes each step's document under "rollback.<change id>".
  const allowed = new Set([...touched].flatMap((id) => [...WRITES[stepOf(id)], `rollback.${id}`]));
  for (const key of changedItems(baseline.observedHashes, plan.observedHashes)) {
    if (!allowed.has(key)) reasons.push(`The ${itemLabel(key, plan)} changed, and Lockbridge did not write it.`);
  }
  const ids = new Set<ChangeId>([...plan.changes.map((c) => c.id), ...(Object.keys(baseline.changes) as ChangeId[])]);
  for (const id of ids) {
    const now = plan.changes.find((c) => c.id === id);
    const then = baseline.changes[id];
    if (!now || !then) {
      reasons.push(`Change ${id} ${now ? "is new" : "disappeared"} since the approved plan.`);
      continue;
    }
    const same = now.kind === then.kind && digest(now) === then.digest;
    if (written.has(id) && now.kind !== "no-op" && !same)
      reasons.push(`Change ${id} was applied, but re-planning wants a different document now.`);
    else if (written.has(id)) continue;
    else if (touched.has(id) && now.kind === "no-op") continue;
    else if (!same) reasons.push(`Change ${id} differs from the approved plan.`);
  }
  return reasons;
}
