// A field's place in the wizard in words ("Replication rule › Priority"), for messages that come back
// from the server or an imported file keyed by a field path. No dotted path ever reaches the screen.
const STEP: Record<string, string> = {
  accounts: "Accounts and buckets",
  objectLock: "Destination Object Lock",
  role: "Replication role",
  encryption: "Encryption",
  bucketPolicy: "Destination bucket policy",
  rule: "Replication rule",
  existingObjects: "Existing objects",
  confirmations: "Destination Object Lock",
};

const FIELD: Record<string, string> = {
  source: "Source",
  destination: "Destination",
  accountId: "account ID",
  region: "region",
  bucket: "bucket",
  access: "access",
  roleArn: "access role ARN",
  externalId: "ExternalId",
  retention: "default retention",
  enabled: "on or off",
  mode: "mode",
  unit: "unit",
  value: "period",
  roleName: "role name",
  path: "role path",
  role: "role",
  sourceKeyArn: "source key ARN",
  destinationKeyArn: "destination key ARN",
  bucketKeys: "S3 Bucket Keys",
  ruleId: "rule ID",
  status: "status",
  priority: "priority",
  scope: "scope",
  prefix: "prefix",
  tags: "tags",
  key: "key",
  ownerOverride: "owner override",
  storageClass: "storage class",
  rtc: "Replication Time Control",
  metrics: "replication metrics",
  deleteMarkerReplication: "delete marker replication",
  replicaModifications: "replica modification sync",
  statuses: "replication statuses",
  reportScope: "completion report",
  objectLock: "Object Lock confirmation",
};

/** Words for an unknown key: "deleteMarkers" → "delete markers". */
const words = (k: string) => k.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();

/** "rule.tags.0.key" → "Replication rule › tags › tag 1 › key"; "input.confirmations" → "Destination Object Lock". */
export function fieldWords(path: string | readonly PropertyKey[]): string {
  const parts = (typeof path === "string" ? path.split(".") : path.map(String)).filter((p) => p !== "" && p !== "input" && p !== "_form");
  if (parts.length === 0) return "The input";
  const [head, ...rest] = parts;
  const out = [STEP[head!] ?? FIELD[head!] ?? words(head!)];
  rest.forEach((p, i) => {
    if (/^\d+$/.test(p)) out.push(`${rest[i - 1] === "tags" ? "tag" : "item"} ${Number(p) + 1}`);
    else if (!(head === "confirmations" && p === "objectLock")) out.push(FIELD[p] ?? words(p));
  });
  return out.join(" › ");
}
