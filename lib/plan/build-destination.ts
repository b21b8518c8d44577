// Changes in the destination account (and versioning of either bucket).
import type { WizardInput } from "../schema/wizard";
import { partitionOf } from "../schema/primitives";
import { changeKind } from "./diff";
import { foreignStatementIds, lookalikeProblems, mergeConsolidated, orphanedPrincipals } from "./merge";
import { OWNED_SIDS, SIDS } from "./names";
import type { ObservedState, VersioningStatus, Read } from "./observed";
import { bucketRead, liveOf, type Notes } from "./live";
import { defaultKeyPolicy, POLICY_VERSION, renderBucketPolicyStatement, renderKeyPolicyStatement } from "./render/policies";
import { renderObjectLock, renderVersioning } from "./render/s3";
import { retentionDowngrade } from "./retention";
import type { Change, ChangeDraft, ChangeKind, ChangeId, PlanNames } from "./types";

/** A draft with its kind (from before/after) and no dependencies yet (orderChanges sets them). */
export function finish<D extends ChangeDraft>(d: D): D & { kind: ChangeKind; dependsOn: ChangeId[] } {
  return { ...d, kind: changeKind(d.before, d.after), dependsOn: [] };
}

/** Orphaned principals (merge rule 7) are removed from our statements; the reviewer is told which. */
export const orphanWarning = (ids: string[], what: string, path: string) => ({
  path,
  message: `Principal(s) ${ids.join(", ")} in Lockbridge's statement in ${what} are the unique IDs AWS shows for deleted roles or users. They grant nothing, and S3 and KMS reject a policy written with them ("Invalid principal in policy"), so this plan removes them.`,
});

const unknownNote = (unknown: boolean) => (unknown ? " (state unknown, plan-only)" : "");

export function versioningChange(input: WizardInput, side: "source" | "destination", read: Read<VersioningStatus>, notes: Notes): Change {
  const s = input.accounts[side];
  const live = liveOf(read, `versioning of ${s.bucket}`, `${side}.versioning`, notes);
  const before = live.value === "Enabled" || live.value === "Suspended" ? { Status: live.value } : null;
  const c = finish({
    id: `${side}.versioning`,
    account: side,
    accountId: s.accountId,
    region: s.region,
    action: "PutBucketVersioning",
    target: s.bucket,
    before,
    after: renderVersioning(),
    // On an Object Lock bucket versioning can never be suspended again.
    ...(side === "destination" ? { irreversible: true } : {}),
    ...(live.unknown ? { stateUnknown: true } : {}),
    description: `Enable versioning on ${s.bucket}`,
  });
  if (c.kind !== "no-op")
    c.description = `${c.kind === "create" ? (live.unknown ? "Would enable" : "Enable") : "Re-enable"} versioning on ${s.bucket}${unknownNote(live.unknown)}`;
  else c.description = `Versioning already enabled on ${s.bucket}`;
  return c;
}

export function objectLockChange(input: WizardInput, observed: ObservedState, notes: Notes): Change {
  const d = input.accounts.destination;
  const live = liveOf(
    bucketRead(observed.destination, "objectLock"),
    `Object Lock configuration of ${d.bucket}`,
    "destination.objectLock",
    notes,
  );
  const after = renderObjectLock(input, live.value ?? undefined);
  const down = retentionDowngrade(live.value, after);
  if (down) {
    const typed = input.objectLock.downgradeConfirmation.trim();
    if (typed !== down.phrase) {
      notes.errors.push({
        path: "objectLock.downgradeConfirmation",
        message: `This weakens the default retention of ${d.bucket} from ${down.from} to ${down.to}: every object version written afterwards, replicas included, is less protected. ${typed ? "The confirmation typed does not match. " : ""}To do it on purpose, type "${down.phrase}" in "Confirm weaker retention" on the Object Lock step; otherwise keep the current retention.`,
      });
    } else {
      notes.warnings.push({
        path: "objectLock.retention",
        danger: true,
        message: `Weakens the default retention of ${d.bucket} from ${down.from} to ${down.to} (confirmed by typing "${down.phrase}").`,
      });
    }
  }
  const c = finish({
    id: "destination.objectLock",
    account: "destination",
    accountId: d.accountId,
    region: d.region,
    action: "PutObjectLockConfiguration",
    target: d.bucket,
    before: live.value,
    after,
    irreversible: true,
    ...(live.unknown ? { stateUnknown: true } : {}),
    description: "",
  });
  c.description =
    c.kind === "no-op"
      ? `Object Lock already configured on ${d.bucket}`
      : down
        ? `Weaken the default retention on ${d.bucket} from ${down.from} to ${down.to} (irreversible)`
        : live.unknown && !input.objectLock.retention.enabled
          ? // Not read: whoever applies enables Object Lock only if it is off and keeps any live default retention.
            `Enable Object Lock on ${d.bucket} if it is off, keeping any default retention already set (irreversible)${unknownNote(true)}`
          : `${c.kind === "create" ? "Enable Object Lock" : "Change the default retention"} on ${d.bucket} (irreversible)${unknownNote(live.unknown)}`;
  return c;
}

export function bucketPolicyChange(input: WizardInput, observed: ObservedState, names: PlanNames, notes: Notes): Change {
  const d = input.accounts.destination;
  const live = liveOf(bucketRead(observed.destination, "policy"), `the bucket policy of ${d.bucket}`, "destination.bucketPolicy", notes);
  const ownerOverride = input.rule.ownerOverride;
  const what = `the bucket policy of ${d.bucket}`;
  notes.errors.push(...lookalikeProblems(live.value, OWNED_SIDS.bucketPolicy, "destination.bucketPolicy", what));
  const orphans = orphanedPrincipals(live.value, OWNED_SIDS.bucketPolicy);
  if (orphans.length > 0) notes.warnings.push(orphanWarning(orphans, what, "destination.bucketPolicy"));
  const after = mergeConsolidated({
    live: live.value,
    base: { Version: POLICY_VERSION, Statement: [] },
    owned: OWNED_SIDS.bucketPolicy,
    principal: names.roleArn,
    sid: ownerOverride ? SIDS.bucketReplicationOwnerOverride : SIDS.bucketReplication,
    render: (sid, principals) =>
      renderBucketPolicyStatement(names.destinationBucketArn, principals, sid === SIDS.bucketReplicationOwnerOverride),
  });
  const c = finish({
    id: "destination.bucketPolicy",
    account: "destination",
    accountId: d.accountId,
    region: d.region,
    action: "PutBucketPolicy",
    target: d.bucket,
    before: live.value,
    after,
    ownedIds: [...OWNED_SIDS.bucketPolicy],
    foreignIds: foreignStatementIds(live.value, OWNED_SIDS.bucketPolicy),
    ...(orphans.length > 0 ? { dropsPrincipals: orphans } : {}),
    ...(live.unknown ? { stateUnknown: true } : {}),
    description: "",
  });
  c.description =
    c.kind === "no-op"
      ? `Bucket policy of ${d.bucket} already lets the replication role write replicas`
      : `Let ${names.roleArn} replicate into ${d.bucket} (bucket policy, foreign statements kept)${unknownNote(live.unknown)}`;
  return c;
}

export function keyPolicyChange(input: WizardInput, observed: ObservedState, names: PlanNames, notes: Notes): Change | undefined {
  if (input.encryption.mode !== "sse-kms") return undefined;
  const d = input.accounts.destination;
  const keyArn = input.encryption.destinationKeyArn;
  const key = liveOf(observed.destinationKey, `KMS key ${keyArn}`, "encryption.destinationKeyArn", notes);
  if (!key.value && !key.unknown)
    notes.errors.push({ path: "encryption.destinationKeyArn", message: `KMS key ${keyArn} does not exist in account ${d.accountId}.` });
  const live = key.value
    ? liveOf(key.value.policy, `the key policy of ${keyArn}`, "destination.keyPolicy", notes)
    : { value: null, unknown: true };
  if (live.unknown && !key.value) {
    notes.warnings.push({
      path: "destination.keyPolicy",
      message:
        "The key policy was not read. The policy shown starts from the KMS default key policy, and PutKeyPolicy replaces the whole policy: apply will re-read it, but if you use the export, merge our statement into the live policy by hand.",
    });
  }
  const bucketKeys = input.encryption.bucketKeys;
  const what = `the key policy of ${keyArn}`;
  notes.errors.push(...lookalikeProblems(live.value, OWNED_SIDS.keyPolicy, "destination.keyPolicy", what));
  const orphans = orphanedPrincipals(live.value, OWNED_SIDS.keyPolicy);
  if (orphans.length > 0) notes.warnings.push(orphanWarning(orphans, what, "destination.keyPolicy"));
  const after = mergeConsolidated({
    live: live.value,
    base: defaultKeyPolicy(partitionOf(d.region), d.accountId),
    owned: OWNED_SIDS.keyPolicy,
    principal: names.roleArn,
    sid: bucketKeys ? SIDS.keyReplicaBucketKeys : SIDS.keyReplica,
    render: (sid, principals) => renderKeyPolicyStatement(principals, sid === SIDS.keyReplicaBucketKeys),
  });
  const c = finish({
    id: "destination.keyPolicy",
    account: "destination",
    accountId: d.accountId,
    region: d.region,
    action: "PutKeyPolicy",
    target: keyArn,
    before: live.value,
    after,
    ownedIds: [...OWNED_SIDS.keyPolicy],
    foreignIds: foreignStatementIds(live.value, OWNED_SIDS.keyPolicy),
    ...(orphans.length > 0 ? { dropsPrincipals: orphans } : {}),
    ...(live.unknown ? { stateUnknown: true } : {}),
    description: "",
  });
  c.description =
    c.kind === "no-op"
      ? "Key policy already lets the replication role encrypt replicas"
      : `Let ${names.roleArn} encrypt replicas with ${keyArn} (key policy, foreign statements kept)${unknownNote(live.unknown)}`;
  return c;
}
