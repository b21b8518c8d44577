// S3 configuration documents in the API's own shapes (PascalCase), so the AWS layer sends them as-is.
import type { WizardInput } from "../../schema/wizard";
import type { JsonObject, ObjectLockConfiguration, PlanNames, VersioningConfiguration } from "../types";

export function renderVersioning(): VersioningConfiguration {
  return { Status: "Enabled" };
}

/**
 * ObjectLockConfiguration for PutObjectLockConfiguration. Since Nov 2023 this works on existing
 * versioned buckets without the legacy token. With retention off we keep the live default rule: the
 * wizard never removes a vault's retention.
 */
export function renderObjectLock(input: WizardInput, live: ObjectLockConfiguration | undefined): ObjectLockConfiguration {
  const r = input.objectLock.retention;
  if (r.enabled) {
    return { ObjectLockEnabled: "Enabled", Rule: { DefaultRetention: { Mode: r.mode, [r.unit]: r.value } } };
  }
  const liveRule = live?.Rule;
  return liveRule ? { ObjectLockEnabled: "Enabled", Rule: liveRule } : { ObjectLockEnabled: "Enabled" };
}

function renderFilter(rule: WizardInput["rule"]): JsonObject {
  const tags = rule.tags.map((t) => ({ Key: t.key, Value: t.value }));
  switch (rule.scope) {
    case "all":
      return {};
    case "prefix":
      return { Prefix: rule.prefix };
    case "tags":
      return tags.length === 1 ? { Tag: tags[0]! } : { And: { Tags: tags } };
    case "prefix-tags":
      return { And: { Prefix: rule.prefix, Tags: tags } };
  }
}

const enabled = { Status: "Enabled" };

/**
 * One V2 replication rule (Filter, Priority and DeleteMarkerReplication always present). Never
 * ExistingObjectReplication: existing objects go through S3 Batch Replication instead.
 */
export function renderReplicationRule(input: WizardInput, names: PlanNames): JsonObject {
  const { rule, encryption } = input;
  const kms = encryption.mode === "sse-kms";
  const destination: JsonObject = {
    Bucket: names.destinationBucketArn,
    // Account + AccessControlTranslation make the destination account own the replicas.
    Account: input.accounts.destination.accountId,
    ...(rule.storageClass !== "SAME_AS_SOURCE" ? { StorageClass: rule.storageClass } : {}),
    ...(rule.ownerOverride ? { AccessControlTranslation: { Owner: "Destination" } } : {}),
    ...(kms ? { EncryptionConfiguration: { ReplicaKmsKeyID: encryption.destinationKeyArn } } : {}),
    // RTC requires metrics; both use the only threshold S3 supports, 15 minutes.
    ...(rule.rtc ? { ReplicationTime: { Status: "Enabled", Time: { Minutes: 15 } } } : {}),
    ...(rule.metrics || rule.rtc ? { Metrics: { Status: "Enabled", EventThreshold: { Minutes: 15 } } } : {}),
  };
  const selection: JsonObject = {
    ...(kms ? { SseKmsEncryptedObjects: enabled } : {}),
    ...(rule.replicaModifications ? { ReplicaModifications: enabled } : {}),
  };
  return {
    ID: rule.ruleId,
    Priority: rule.priority,
    Status: rule.status,
    Filter: renderFilter(rule),
    DeleteMarkerReplication: { Status: rule.deleteMarkerReplication ? "Enabled" : "Disabled" },
    Destination: destination,
    ...(Object.keys(selection).length > 0 ? { SourceSelectionCriteria: selection } : {}),
  };
}
