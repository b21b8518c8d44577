// What S3 decides about one object version before it copies anything, as pure functions over the
// replication configuration (the shapes GetBucketReplication returns) and what the version carries.
// Used by the sandbox replication engine (./engine.ts) and pinned by tests/replication-rules.test.ts.
//
// S3's rules, from the replication configuration reference (V2 rules: Filter + Priority):
// - only Enabled rules count; a rule matches when the key starts with its prefix and the version
//   carries every tag of the filter (Filter.And = prefix AND all tags);
// - when several rules match, the one with the highest Priority wins;
// - an SSE-KMS object is skipped (no status at all) unless the winning rule has
//   SourceSelectionCriteria.SseKmsEncryptedObjects Enabled;
// - delete markers (a DELETE without a version ID) are replicated only by a rule with
//   DeleteMarkerReplication Enabled, which S3 refuses on tag filters, so only prefixes match them;
//   deleting a specific version is never replicated;
// - the replica keeps the source version's own retention and legal hold; without them it gets the
//   destination bucket's default retention, counted from the replica's creation.

export type Tag = { Key: string; Value: string };
export type RuleFilter = { Prefix?: string; Tag?: Tag; And?: { Prefix?: string; Tags?: Tag[] } };
export type Rule = {
  ID?: string;
  Priority?: number;
  Status: string;
  Prefix?: string;
  Filter?: RuleFilter;
  DeleteMarkerReplication?: { Status?: string };
  SourceSelectionCriteria?: { SseKmsEncryptedObjects?: { Status?: string } };
  Destination: {
    Bucket: string;
    Account?: string;
    StorageClass?: string;
    AccessControlTranslation?: { Owner?: string };
    EncryptionConfiguration?: { ReplicaKmsKeyID?: string };
  };
};
export type ReplicationConfig = { Role: string; Rules: Rule[] };

export type VersionFacts = { key: string; tags: Tag[]; sse?: string };

export type Selection =
  | { kind: "replicate"; rule: Rule }
  /** No enabled rule covers the version: S3 sets no replication status. */
  | { kind: "no-rule" }
  /** A rule covers it, but it is SSE-KMS and the rule does not select SSE-KMS objects: no status either. */
  | { kind: "kms-not-selected"; rule: Rule };

const prefixOf = (r: Rule) => r.Filter?.And?.Prefix ?? r.Filter?.Prefix ?? r.Prefix ?? "";
const tagsOf = (r: Rule): Tag[] => r.Filter?.And?.Tags ?? (r.Filter?.Tag ? [r.Filter.Tag] : []);

export function matches(rule: Rule, v: Pick<VersionFacts, "key" | "tags">): boolean {
  if (rule.Status !== "Enabled") return false;
  if (!v.key.startsWith(prefixOf(rule))) return false;
  return tagsOf(rule).every((t) => v.tags.some((o) => o.Key === t.Key && o.Value === t.Value));
}

/** Highest Priority first; a rule without one (V1) counts as 0. Ties keep the configuration's order. */
function winner(rules: Rule[]): Rule | undefined {
  return [...rules].sort((a, b) => (b.Priority ?? 0) - (a.Priority ?? 0))[0];
}

export function selectRule(config: ReplicationConfig | null, v: VersionFacts): Selection {
  const rule = winner((config?.Rules ?? []).filter((r) => matches(r, v)));
  if (!rule) return { kind: "no-rule" };
  if (v.sse === "aws:kms" && rule.SourceSelectionCriteria?.SseKmsEncryptedObjects?.Status !== "Enabled")
    return { kind: "kms-not-selected", rule };
  return { kind: "replicate", rule };
}

/** The rule that replicates a delete marker at `key`, if any (prefix only: tag rules never do). */
export function deleteMarkerRule(config: ReplicationConfig | null, key: string): Rule | undefined {
  const rule = winner((config?.Rules ?? []).filter((r) => matches(r, { key, tags: [] }) && tagsOf(r).length === 0));
  return rule?.DeleteMarkerReplication?.Status === "Enabled" ? rule : undefined;
}

export type Retention = { mode: "GOVERNANCE" | "COMPLIANCE"; days?: number; years?: number };
export type SourceLock = { mode?: string; retainUntil?: string; legalHold?: string };
export type ReplicaLock = { mode?: string; retainUntil?: string; legalHold?: string; from: "source" | "vault-default" | "none" };

/** Retention of the replica: the source version's own when it has one, else the vault's default. */
export function replicaLock(source: SourceLock, vaultDefault: Retention | null, created: Date): ReplicaLock {
  const legalHold = source.legalHold === "ON" ? { legalHold: "ON" } : {};
  if (source.mode && source.retainUntil) return { mode: source.mode, retainUntil: source.retainUntil, ...legalHold, from: "source" };
  if (vaultDefault) {
    const d = new Date(created.getTime());
    if (vaultDefault.years) d.setUTCFullYear(d.getUTCFullYear() + vaultDefault.years);
    if (vaultDefault.days) d.setTime(d.getTime() + vaultDefault.days * 86_400_000);
    return { mode: vaultDefault.mode, retainUntil: d.toISOString(), ...legalHold, from: "vault-default" };
  }
  return { ...legalHold, from: "none" };
}

/** `arn:aws:s3:::bucket` (or a bare name) to the bucket name. */
export const bucketOfArn = (arn: string) => arn.replace(/^arn:[^:]+:s3:::/, "");
