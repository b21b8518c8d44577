// Apply order as data. CHANGE_ORDER is the display/serial order; DEPENDS_ON holds the real
// constraints, so apply may run independent changes of the two accounts in parallel.
import type { BaseChangeId, Change, ChangeId } from "./types";

export const CHANGE_ORDER: readonly BaseChangeId[] = [
  "destination.versioning",
  "destination.objectLock",
  "source.role",
  "source.rolePolicy",
  "destination.keyPolicy",
  "destination.bucketPolicy",
  "source.versioning",
  "source.replication",
];

export const DEPENDS_ON: Readonly<Record<BaseChangeId, readonly BaseChangeId[]>> = {
  "destination.versioning": [],
  // PutObjectLockConfiguration on an existing bucket requires versioning Enabled.
  "destination.objectLock": ["destination.versioning"],
  "source.role": [],
  "source.rolePolicy": ["source.role"],
  // KMS and S3 reject a policy naming a principal that does not exist yet ("Invalid principal in policy").
  "destination.keyPolicy": ["source.role"],
  "destination.bucketPolicy": ["source.role"],
  "source.versioning": [],
  // PutBucketReplication needs versioning on both buckets; replication only works once the role may
  // read, the vault accepts writes and (with KMS) the key lets the role encrypt.
  "source.replication": [
    "source.versioning",
    "destination.versioning",
    "destination.objectLock",
    "source.role",
    "source.rolePolicy",
    "destination.keyPolicy",
    "destination.bucketPolicy",
  ],
};

/** The step of a change id: "source.role" for "111111111111/bucket:source.role" (a plan of several sources). */
export const stepOf = (id: ChangeId): BaseChangeId => id.slice(id.lastIndexOf(":") + 1) as BaseChangeId;

/** Sort by CHANGE_ORDER and keep only dependencies on changes present in the plan (a one-source plan's bare ids). */
export function orderChanges(changes: Change[]): Change[] {
  const present = new Set<ChangeId>(changes.map((c) => c.id));
  return [...changes]
    .sort((a, b) => CHANGE_ORDER.indexOf(stepOf(a.id)) - CHANGE_ORDER.indexOf(stepOf(b.id)))
    .map((c) => ({ ...c, dependsOn: DEPENDS_ON[stepOf(c.id)].filter((d) => present.has(d)) }));
}

/** Groups of change ids that can run together, each group after all previous ones. */
export function applyWaves(changes: Pick<Change, "id" | "dependsOn">[]): ChangeId[][] {
  const ids = new Set(changes.map((c) => c.id));
  const done = new Set<ChangeId>();
  const waves: ChangeId[][] = [];
  let pending = [...changes];
  while (pending.length > 0) {
    let ready = pending.filter((c) => c.dependsOn.every((d) => done.has(d) || !ids.has(d)));
    // DEPENDS_ON is acyclic; a hand-edited plan with a cycle degrades to one serial wave, never a throw.
    if (ready.length === 0) ready = pending;
    waves.push(ready.map((c) => c.id));
    for (const c of ready) done.add(c.id);
    pending = pending.filter((c) => !done.has(c.id));
  }
  return waves;
}
