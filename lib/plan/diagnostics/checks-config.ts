// Preflight checks on the KMS keys, the role, the replication rule and policy sizes.
import type { WizardInput } from "../../schema/wizard";
import { arnRegion } from "../../schema/primitives";
import { isObject } from "../canonical";
import type { KeyState, ObservedState, Read } from "../observed";
import type { Json, Plan } from "../types";
import { iamChars, LIMITS, utf8Bytes } from "../validate";
import { diag, evidence, readErrors } from "./evidence";
import { ORG_POLICIES_CAVEAT } from "./simulate";
import type { Diagnostic, Severity } from "./types";

type Label = "source" | "destination";

const describeKey = (k: KeyState) =>
  `KeyState ${k.keyState}, KeySpec ${k.keySpec}, KeyUsage ${k.keyUsage}, KeyManager ${k.keyManager}, Region ${k.region}`;

function keyChecks(label: Label, keyArn: string, read: Read<KeyState> | undefined, region: string): Diagnostic[] {
  const id = `${label}-key`;
  const path = `encryption.${label}KeyArn`;
  const out: Diagnostic[] = [];
  // An alias resolves in the caller's account: S3 would look it up in the source account, not the vault's.
  if (!/:key\/[^/]+$/.test(keyArn)) {
    out.push(
      diag(
        `${id}.alias`,
        "error",
        `The ${label} key is given as ${keyArn}, not as a key ARN. An alias resolves in the account of the caller, so S3 would not find the intended key.`,
        "Enter the full key ARN (arn:aws:kms:REGION:ACCOUNT:key/KEY-ID).",
        [`input encryption.${label}KeyArn = ${keyArn}`],
        path,
      ),
    );
  }
  if (read?.status === "absent") {
    out.push(
      diag(
        `${id}.missing`,
        "error",
        `The ${label} KMS key ${keyArn} does not exist.`,
        "Create a customer managed symmetric key, or correct the ARN.",
        [evidence("DescribeKey", keyArn, read)],
        path,
      ),
    );
  }
  out.push(
    ...readErrors([
      { id, call: "DescribeKey", target: keyArn, read, checks: `the state, type and Region of the ${label} key` },
      ...(read?.status === "found"
        ? [{ id: `${id}.policy`, call: "GetKeyPolicy", target: keyArn, read: read.value.policy, checks: `the ${label} key policy` }]
        : []),
    ]),
  );
  if (read?.status !== "found") return out;
  const k = read.value;
  const ev = [evidence("DescribeKey", keyArn, read, describeKey)];
  if (k.keyState === "Disabled")
    out.push(
      diag(
        `${id}.disabled`,
        "error",
        `The ${label} key is disabled: S3 cannot ${label === "source" ? "decrypt source objects" : "encrypt replicas"} with it, so replication of SSE-KMS objects fails.`,
        "Enable the key (kms:EnableKey) or choose another key.",
        ev,
        path,
      ),
    );
  else if (k.keyState === "PendingDeletion" || k.keyState === "PendingReplicaDeletion")
    out.push(
      diag(
        `${id}.pending-deletion`,
        "error",
        `The ${label} key is scheduled for deletion: it cannot be used now and will be gone for good after the waiting period.`,
        "Cancel the deletion (kms:CancelKeyDeletion) and enable the key, or choose another key.",
        ev,
        path,
      ),
    );
  else if (k.keyState !== "Enabled")
    out.push(
      diag(
        `${id}.state`,
        "error",
        `The ${label} key is ${k.keyState}; S3 can only use an Enabled key.`,
        "Choose an Enabled key.",
        ev,
        path,
      ),
    );
  const bucketRegion = region;
  if (k.region !== bucketRegion || (arnRegion(keyArn) ?? bucketRegion) !== bucketRegion)
    out.push(
      diag(
        `${id}.region`,
        "error",
        `The ${label} key is in ${k.region}, but S3 only uses a KMS key in the bucket's own Region (${bucketRegion}).`,
        `Choose a key in ${bucketRegion} (or a multi-Region replica key there).`,
        ev,
        path,
      ),
    );
  if (k.keySpec !== "SYMMETRIC_DEFAULT" || k.keyUsage !== "ENCRYPT_DECRYPT")
    out.push(
      diag(
        `${id}.asymmetric`,
        "error",
        `The ${label} key is ${k.keySpec} / ${k.keyUsage}. S3 encrypts objects only with symmetric encryption keys (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT).`,
        "Choose a symmetric encryption key.",
        ev,
        path,
      ),
    );
  if (k.keyManager === "AWS") {
    out.push(
      label === "destination"
        ? diag(
            `${id}.aws-managed`,
            "error",
            "The replica key is AWS managed (such as aws/s3): its key policy cannot be changed, so it can never allow a role from the source account.",
            "Create a customer managed symmetric key in the destination account and enter its full ARN.",
            ev,
            path,
          )
        : diag(
            `${id}.aws-managed`,
            "info",
            "The source key is AWS managed (aws/s3). That works for decrypting in the source account, but you cannot restrict who uses it.",
            "Nothing to do for replication.",
            ev,
            path,
          ),
    );
  }
  return out;
}

function roleChecks(observed: ObservedState, roleArn: string): Diagnostic[] {
  const read = observed.role;
  const out = readErrors([
    { id: "role", call: "GetRole", target: roleArn, read, checks: "the replication role's existing policies and permissions boundary" },
  ]);
  if (read.status !== "found") return out;
  const role = read.value;
  if (role.permissionsBoundary) {
    const known = role.permissionsBoundaryDocument !== undefined && role.permissionsBoundaryDocument !== null;
    out.push(
      diag(
        "role.permissions-boundary",
        known ? "info" : "warning",
        `Role ${role.roleName} has the permissions boundary ${role.permissionsBoundary}: only actions that both the boundary and the role's policies allow are granted. ${known ? "The simulation below includes it." : "It could not be read, so the simulation cannot tell whether it allows replication."}`,
        known
          ? "If the simulation shows the boundary blocking an action, add that action to the boundary policy."
          : "Make sure the boundary allows every action in the simulation table (or let Lockbridge read it: iam:GetPolicy, iam:GetPolicyVersion).",
        [evidence("GetRole", role.roleName, read, () => `PermissionsBoundary ${role.permissionsBoundary}`)],
        "role",
      ),
    );
  }
  return out;
}

function ruleChecks(input: WizardInput, observed: ObservedState, plan: Plan): Diagnostic[] {
  const src = observed.source.status === "found" ? observed.source.value : undefined;
  const live = src?.replication.status === "found" ? src.replication.value : undefined;
  const out: Diagnostic[] = [];
  const { ruleId, priority, storageClass } = input.rule;
  const bucket = input.accounts.source.bucket;
  const ev = () => [
    evidence(
      "GetBucketReplication",
      bucket,
      src?.replication,
      (c) => `Role ${c.Role}, rules ${c.Rules.map((r) => `${String(r.ID)} (priority ${String(r.Priority)})`).join(", ")}`,
    ),
  ];
  if (live) {
    const rules = Array.isArray(live.Rules) ? live.Rules.filter(isObject) : [];
    const dest = (r: Json) => (isObject(r) && isObject(r.Destination) ? r.Destination.Bucket : undefined);
    const same = rules.filter((r) => r.ID === ruleId);
    const ours = same.find((r) => dest(r) === plan.names.destinationBucketArn);
    if (same.some((r) => r !== ours))
      out.push(
        diag(
          "rule.same-id",
          "error",
          `A rule with ID "${ruleId}" already exists on ${bucket} and replicates somewhere else. Rule IDs are unique in a configuration.`,
          "Choose another rule ID.",
          ev(),
          "rule.ruleId",
        ),
      );
    else if (ours)
      out.push(
        diag(
          "rule.same-id-ours",
          "info",
          plan.changes.some((c) => c.action === "PutBucketReplication" && c.kind === "no-op")
            ? `Rule "${ruleId}" to this destination is in place exactly as planned; apply leaves it and every other rule as they are.`
            : `Rule "${ruleId}" to this destination already exists; apply updates it in place and keeps every other rule.`,
          "Nothing to do.",
          ev(),
          "rule.ruleId",
        ),
      );
    const clash = rules.find((r) => r !== ours && r.Priority === priority);
    if (clash) {
      const used = new Set(rules.filter((r) => r !== ours).map((r) => r.Priority));
      let next = priority;
      while (used.has(next)) next++;
      out.push(
        diag(
          "rule.same-priority",
          "error",
          `Priority ${priority} is already used by rule "${String(clash.ID)}"; S3 rejects two rules with the same priority.`,
          `Choose a free priority, e.g. ${next}.`,
          ev(),
          "rule.priority",
        ),
      );
    }
    if (live.Role && live.Role.toLowerCase() !== plan.names.roleArn.toLowerCase()) {
      out.push(
        diag(
          "rule.other-role",
          "error",
          `The replication configuration of ${bucket} already uses role ${live.Role}; a configuration has exactly one role.`,
          `Reuse that role: choose "reuse an existing role" with ${live.Role}.`,
          ev(),
          "role",
        ),
      );
    }
  }
  if (storageClass === "GLACIER" || storageClass === "DEEP_ARCHIVE") {
    out.push(
      diag(
        "rule.storage-class.glacier",
        "warning",
        `Replicas will be stored in ${storageClass}: they must be restored before anyone can read them (the verify step cannot read the canary's content), and they have a minimum storage duration.`,
        "Keep it if the vault is cold storage; otherwise choose STANDARD_IA or GLACIER_IR (readable at once).",
        [`input rule.storageClass = ${storageClass}`],
        "rule.storageClass",
      ),
    );
  }
  return out;
}

function sizeChecks(plan: Plan, observed: ObservedState): Diagnostic[] {
  const role = observed.role.status === "found" ? observed.role.value : undefined;
  const out: Diagnostic[] = [];
  const check = (id: string, what: string, size: number, limit: number, unit: string, fix: string, path: string) => {
    const severity: Severity | null = size > limit ? "error" : size > limit * 0.9 ? "warning" : null;
    if (severity)
      out.push(
        diag(
          id,
          severity,
          `${what} would be ${size} ${unit}; the limit is ${limit}.`,
          fix,
          [`computed from the plan: ${size} ${unit}`],
          path,
        ),
      );
  };
  for (const c of plan.changes) {
    if (c.kind === "no-op") continue;
    if (c.action === "PutBucketPolicy")
      check(
        "size.bucket-policy",
        "The destination bucket policy",
        utf8Bytes(c.after),
        LIMITS.bucketPolicyBytes,
        "bytes",
        "Remove unused statements from the bucket policy, or replicate through fewer roles.",
        c.id,
      );
    if (c.action === "PutKeyPolicy")
      check(
        "size.key-policy",
        "The destination key policy",
        utf8Bytes(c.after),
        LIMITS.keyPolicyBytes,
        "bytes",
        "Remove unused statements from the key policy.",
        c.id,
      );
    if (c.action === "CreateRole")
      check(
        "size.trust",
        "The role's trust policy",
        iamChars(c.after.AssumeRolePolicyDocument),
        LIMITS.trustChars,
        "characters",
        "Remove unused statements from the trust policy.",
        c.id,
      );
    if (c.action === "UpdateAssumeRolePolicy")
      check(
        "size.trust",
        "The role's trust policy",
        iamChars(c.after.PolicyDocument),
        LIMITS.trustChars,
        "characters",
        "Remove unused statements from the trust policy.",
        c.id,
      );
    if (c.action === "PutRolePolicy" && c.after) {
      // IAM counts every inline policy of the role together (the plan's own policy replaces its old version).
      const others = Object.entries(role?.inlinePolicies ?? {}).filter(([name]) => name !== plan.names.rolePolicyName);
      const total = others.reduce((sum, [, doc]) => sum + iamChars(doc), iamChars(c.after.PolicyDocument));
      check(
        "size.role-inline",
        "The role's inline policies together",
        total,
        LIMITS.roleInlineChars,
        "characters (whitespace excluded)",
        "Move other inline policies to managed policies.",
        c.id,
      );
    }
    if (c.action === "PutBucketReplication")
      check(
        "size.rules",
        "The replication configuration",
        c.after.Rules.length,
        LIMITS.rules,
        "rules",
        "Merge rules or remove unused ones.",
        c.id,
      );
  }
  return out;
}

export function configChecks(input: WizardInput, observed: ObservedState, plan: Plan): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (input.encryption.mode === "sse-kms") {
    out.push(...keyChecks("source", input.encryption.sourceKeyArn, observed.sourceKey, input.accounts.source.region));
    out.push(...keyChecks("destination", input.encryption.destinationKeyArn, observed.destinationKey, input.accounts.destination.region));
  }
  out.push(...roleChecks(observed, plan.names.roleArn), ...ruleChecks(input, observed, plan), ...sizeChecks(plan, observed));
  out.push(
    diag(
      "org.scp-rcp",
      "info",
      ORG_POLICIES_CAVEAT,
      "Ask your AWS Organizations administrator whether an SCP (source account) or RCP (destination account) denies s3:Replicate*, s3:GetObjectVersion* or kms:* for this role; the verify step proves it end to end.",
      ["Organizations policies are not readable from a member account"],
    ),
  );
  return out;
}
