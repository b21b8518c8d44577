// AWS CLI script: the same calls apply would make, in plan order, for people who run changes themselves
// or hand one account's half to its admin.
//
// The documents in a plan are only as good as the read they were merged into: a plan-only account was
// not read at all, and anything may change between planning and running. So the script never sends a
// whole document from the plan. It runs in two phases:
// 1. Check: read every live document it will replace and merge Lockbridge's part into it (MERGE_PROGRAM,
//    the rules of lib/plan/merge.ts). Any conflict (a foreign statement using our Sid, another role on
//    the replication configuration, a reused role that does not exist, a weaker retention…) stops the
//    script here, before its first write, with a message naming the document.
// 2. Write: for each change, read and merge again right before the call (so a change made meanwhile is
//    kept too) and write only what differs. Policy writes that can race IAM propagation are retried.
// Plans with errors are never runnable: the script stops before anything else.
// Every value from the input goes through shellQuote; documents and specs go through quoted heredocs.
import { isObject, prettyJson, statementsOf } from "../canonical";
import { BATCH_OWNED_SIDS, BATCH_SERVICE, type BatchPlan } from "../batch";
import { OWNED_SIDS, SIDS } from "../names";
import { defaultKeyPolicy, renderBucketPolicyStatement, renderKeyPolicyStatement, trustStatement } from "../render/policies";
import { renderReplicationRule } from "../render/s3";
import { partitionOf } from "../../schema/primitives";
import type { AccountSide, Change, ChangeId, Json, JsonObject, Plan } from "../types";
import { MERGE_PROGRAM } from "./cli-merge";
import { exportedChanges, heredocDelimiter, oneLine, shellQuote } from "./common";

const PROFILE: Record<AccountSide, string> = { source: '"$SOURCE_PROFILE"', destination: '"$DESTINATION_PROFILE"' };

/** Errors AWS gives while a new role is not visible to S3/KMS/S3 Batch yet (retried, bounded). */
const PROPAGATION =
  "invalid principal|Destination bucket must have versioning enabled|sts:AssumeRole|unable to assume|could not assume|cannot assume";

const HELPERS = String.raw`lb_say() { printf 'Lockbridge: %s\n' "$1"; }
lb_stop() { printf 'Lockbridge: STOP: %s\n' "$1" >&2; exit 1; }
lb_exit() {
  local rc=$?
  rm -rf "$WORKDIR"
  if [ "$rc" -ne 0 ]; then
    if [ "$WRITES" -eq 0 ]; then
      echo "Lockbridge: stopped before the first write: nothing was changed." >&2
    else
      echo "Lockbridge: stopped after $WRITES write(s) (each listed above as done). Fix the cause and run the script again: it re-reads everything and writes only what is still missing." >&2
    fi
  fi
}
# lb_read FILE WHAT ABSENT_CODE aws ARGS...: the live document as JSON in FILE, or null when AWS answers
# ABSENT_CODE (the document does not exist). Any other failure stops: a document that was not read is
# never replaced.
lb_read() {
  local file="$1" what="$2" absent="$3"
  shift 3
  if "$@" --output json >"$file" 2>"$file.err"; then return 0; fi
  if [ -n "$absent" ] && grep -q -- "$absent" "$file.err"; then
    echo null >"$file"
    return 0
  fi
  cat "$file.err" >&2
  lb_stop "could not read $what, so it cannot be merged (this script never replaces a document it did not read). Let the profile read it, or give this script to the account's admin, then run it again."
}
# lb_merge OP NAME [ROLE_ARN]: merges spec NAME into the live NAME document; prints changed/unchanged.
lb_merge() { python3 "$WORKDIR/merge.py" "$1" "$WORKDIR/$2.spec.json" "$WORKDIR/$2.live.json" "$WORKDIR/$2.json" "@{3:-}"; }
lb_field() { python3 "$WORKDIR/merge.py" field "$1" "$2"; }
# lb_write TRIES WHAT aws ARGS...: one write. Errors that mean "IAM has not propagated the new role yet"
# are retried up to TRIES-1 times with doubling waits (LOCKBRIDGE_RETRY_DELAY seconds first, default 5).
lb_write() {
  local tries="$1" what="$2" attempt=1 delay="@{LOCKBRIDGE_RETRY_DELAY:-5}"
  shift 2
  while :; do
    if "$@" >"$WORKDIR/write.out" 2>"$WORKDIR/write.err"; then
      WRITES=$((WRITES + 1))
      lb_say "done: $what"
      return 0
    fi
    if [ "$attempt" -lt "$tries" ] && grep -qiE 'PROPAGATION' "$WORKDIR/write.err"; then
      echo "Lockbridge: $what: AWS does not see the new role yet (IAM propagation); retry $attempt of $((tries - 1)) in @{delay}s. AWS said: $(tr '\n' ' ' <"$WORKDIR/write.err" | head -c 300)" >&2
      sleep "$delay"
      attempt=$((attempt + 1))
      delay=$((delay * 2))
      continue
    fi
    cat "$WORKDIR/write.err" >&2
    lb_stop "$what failed (AWS's answer above)."
  done
}`
  .replace(/@\{/g, "$${")
  .replace("PROPAGATION", PROPAGATION);

/** Bash-safe variable stem of a change id ("destination.keyPolicy" → "destination_keyPolicy"). */
const stem = (id: string) => id.replace(/\W/g, "_");

type Ctx = { plan: Plan; lines: string[]; prep: string[]; check: string[]; write: string[] };

function heredoc(lines: string[], file: string, doc: Json): void {
  const body = prettyJson(doc);
  const d = heredocDelimiter(body);
  lines.push(`cat > "$WORKDIR/${file}" <<'${d}'`, body, d);
}

/** Policy statements of `doc` whose Sid is in `owned`. */
const ownedStatements = (doc: Json | null | undefined, owned: readonly string[]): JsonObject[] =>
  statementsOf(doc ?? null).filter((st): st is JsonObject => isObject(st) && typeof st.Sid === "string" && owned.includes(st.Sid));

function bucketArgs(c: Change): string {
  return `--bucket ${shellQuote(c.target)} --expected-bucket-owner ${shellQuote(c.accountId)} --region ${shellQuote(c.region)} --profile ${PROFILE[c.account]}`;
}

/** A whole document read, merged and written: prep function, phase-1 call, phase-2 write. */
function documentStep(
  ctx: Ctx,
  c: Change,
  o: {
    name: string;
    op: string;
    spec: JsonObject;
    read: string;
    absent: string;
    what: string;
    write: string;
    tries: number;
    roleArn?: boolean;
  },
): void {
  const v = `STATE_${stem(c.id)}`;
  heredoc(ctx.lines, `${o.name}.spec.json`, { doc: o.what, ...o.spec });
  ctx.prep.push(
    `prep_${stem(c.id)}() {`,
    `  lb_read "$WORKDIR/${o.name}.live.json" ${shellQuote(o.what)} ${shellQuote(o.absent)} ${o.read}`,
    `  ${v}="$(lb_merge ${o.op} ${o.name}${o.roleArn ? ' "$ROLE_ARN"' : ""})"`,
    "}",
  );
  ctx.check.push(`prep_${stem(c.id)}`, `lb_say ${shellQuote(`${o.what}: `)}"$${v}"`);
  ctx.write.push(
    `prep_${stem(c.id)}`,
    `if [ "$${v}" = changed ]; then`,
    `  lb_write ${o.tries} ${shellQuote(o.what)} ${o.write} "file://$WORKDIR/${o.name}.json"`,
    "else",
    `  lb_say ${shellQuote(`${o.what}: already as planned`)}`,
    "fi",
  );
}

function versioningStep(ctx: Ctx, c: Change): void {
  const v = `STATE_${stem(c.id)}`;
  const what = `versioning of bucket ${c.target}`;
  ctx.prep.push(
    `prep_${stem(c.id)}() {`,
    `  lb_read "$WORKDIR/${stem(c.id)}.live.json" ${shellQuote(what)} '' aws s3api get-bucket-versioning ${bucketArgs(c)}`,
    `  ${v}="$(lb_field "$WORKDIR/${stem(c.id)}.live.json" Status)"`,
    "}",
  );
  ctx.check.push(`prep_${stem(c.id)}`);
  heredoc(ctx.lines, "versioning.json", { Status: "Enabled" });
  ctx.write.push(
    `prep_${stem(c.id)}`,
    `if [ "$${v}" != Enabled ]; then`,
    `  lb_write 1 ${shellQuote(`enable ${what}`)} aws s3api put-bucket-versioning ${bucketArgs(c)} --versioning-configuration "file://$WORKDIR/versioning.json"`,
    "else",
    `  lb_say ${shellQuote(`${what}: already enabled`)}`,
    "fi",
  );
}

function roleSteps(ctx: Ctx, role: Change, policy: Change | undefined): void {
  const { plan } = ctx;
  const { names, input } = plan;
  const profile = `--profile ${PROFILE.source}`;
  const name = shellQuote(names.roleName);
  const reuse = input.role.mode === "reuse";
  const create = role.action === "CreateRole" && isObject(role.after) ? role.after : undefined;
  // The same statement Apply writes, with its confused-deputy Condition for this source bucket.
  const trust = trustStatement(input.accounts.source.accountId, names.sourceBucketArn);
  heredoc(ctx.lines, "trust.spec.json", {
    doc: `trust policy of role ${names.roleName}`,
    kind: "trust",
    owned: [...OWNED_SIDS.trust],
    ours: [trust],
    trustService: "s3.amazonaws.com",
  });
  heredoc(ctx.lines, "trust.create.json", { Version: "2012-10-17", Statement: [trust] });
  const missing = reuse
    ? `lb_stop ${shellQuote(`role ${names.roleName} does not exist in the source account ${role.accountId}, and this plan reuses it (it never creates a role you said exists). Create it first, or re-plan with "Create a new role".`)}`
    : `ROLE_ARN=${shellQuote(names.roleArn)}`;
  ctx.prep.push(
    "prep_role() {",
    `  lb_read "$WORKDIR/role.get.json" ${shellQuote(`role ${names.roleName} (source account)`)} NoSuchEntity aws iam get-role ${profile} --role-name ${name}`,
    '  ROLE_ARN="$(lb_field "$WORKDIR/role.get.json" Role.Arn)"',
    '  if [ -z "$ROLE_ARN" ]; then',
    "    ROLE_EXISTS=0",
    `    ${missing}`,
    "    TRUST_STATE=create",
    "  else",
    "    ROLE_EXISTS=1",
    '    lb_field "$WORKDIR/role.get.json" Role.AssumeRolePolicyDocument >"$WORKDIR/trust.live.json"',
    '    TRUST_STATE="$(lb_merge owned trust)"',
    "  fi",
    "}",
  );
  ctx.check.push(
    "prep_role",
    `if [ "$ROLE_ARN" != ${shellQuote(names.roleArn)} ]; then lb_say "the role's ARN is $ROLE_ARN (the plan assumed "${shellQuote(names.roleArn)}"); the documents below use the live one."; fi`,
    `lb_say ${shellQuote(`role ${names.roleName}: `)}"$TRUST_STATE"`,
  );
  const description = shellQuote(String(create?.Description ?? "S3 replication role managed by Lockbridge"));
  ctx.write.push(
    "prep_role",
    `WRITES_BEFORE_ROLE=$WRITES`,
    // A reused role is never created: prep_role stops when it is missing, and there is no create call.
    ...(reuse
      ? ['if [ "$TRUST_STATE" = changed ]; then']
      : [
          'if [ "$TRUST_STATE" = create ]; then',
          `  lb_write 1 ${shellQuote(`create role ${names.roleName}`)} aws iam create-role ${profile} --role-name ${name} --path ${shellQuote(names.rolePath)} --description ${description} --assume-role-policy-document "file://$WORKDIR/trust.create.json"`,
          "  ROLE_EXISTS=1",
          'elif [ "$TRUST_STATE" = changed ]; then',
        ]),
    `  lb_write 1 ${shellQuote(`let s3.amazonaws.com assume role ${names.roleName}`)} aws iam update-assume-role-policy ${profile} --role-name ${name} --policy-document "file://$WORKDIR/trust.json"`,
    "else",
    `  lb_say ${shellQuote(`role ${names.roleName}: already trusts s3.amazonaws.com`)}`,
    "fi",
  );
  const ours =
    policy?.action === "PutRolePolicy" && policy.after ? ownedStatements(policy.after.PolicyDocument, OWNED_SIDS.rolePolicy) : [];
  if (policy && ours.length > 0) {
    const what = `inline policy ${names.rolePolicyName} of role ${names.roleName}`;
    heredoc(ctx.lines, "role-policy.spec.json", { doc: what, kind: "identity", owned: [...OWNED_SIDS.rolePolicy], ours });
    ctx.prep.push(
      "prep_role_policy() {",
      '  if [ "$ROLE_EXISTS" = 1 ]; then',
      `    lb_read "$WORKDIR/role-policy.live.json" ${shellQuote(what)} NoSuchEntity aws iam get-role-policy ${profile} --role-name ${name} --policy-name ${shellQuote(names.rolePolicyName)} --query PolicyDocument`,
      "  else",
      '    echo null >"$WORKDIR/role-policy.live.json"',
      "  fi",
      '  STATE_ROLE_POLICY="$(lb_merge owned role-policy)"',
      "}",
    );
    ctx.check.push("prep_role_policy", `lb_say ${shellQuote(`${what}: `)}"$STATE_ROLE_POLICY"`);
    ctx.write.push(
      "prep_role_policy",
      'if [ "$STATE_ROLE_POLICY" = changed ]; then',
      `  lb_write 1 ${shellQuote(`put ${what}`)} aws iam put-role-policy ${profile} --role-name ${name} --policy-name ${shellQuote(names.rolePolicyName)} --policy-document "file://$WORKDIR/role-policy.json"`,
      "else",
      `  lb_say ${shellQuote(`${what}: already as planned`)}`,
      "fi",
    );
  } else if (policy) {
    ctx.write.push(`lb_say ${shellQuote(`role ${names.roleName}: its policies already grant every replication permission`)}`);
  }
  ctx.write.push(
    'if [ "$WRITES" -gt "$WRITES_BEFORE_ROLE" ]; then',
    "  # IAM is eventually consistent: S3 and KMS reject a principal they cannot see yet.",
    `  aws iam wait role-exists ${profile} --role-name ${name}`,
    '  sleep "${LOCKBRIDGE_IAM_WAIT:-15}"',
    "fi",
  );
}

function changeSteps(ctx: Ctx, c: Change): void {
  const { plan } = ctx;
  const { input, names } = plan;
  switch (c.id) {
    case "destination.versioning":
    case "source.versioning":
      return versioningStep(ctx, c);
    case "destination.objectLock": {
      const r = input.objectLock.retention;
      documentStep(ctx, c, {
        name: "object-lock",
        op: "objectlock",
        what: `Object Lock configuration of bucket ${c.target}`,
        spec: {
          rule: r.enabled ? { DefaultRetention: { Mode: r.mode, [r.unit]: r.value } } : null,
          plannedBefore: c.stateUnknown ? null : c.before,
        },
        read: `aws s3api get-object-lock-configuration ${bucketArgs(c)} --query ObjectLockConfiguration`,
        absent: "ObjectLockConfigurationNotFound",
        write: `aws s3api put-object-lock-configuration ${bucketArgs(c)} --object-lock-configuration`,
        tries: 1,
      });
      return;
    }
    case "destination.keyPolicy": {
      const bucketKeys = input.encryption.mode === "sse-kms" && input.encryption.bucketKeys;
      documentStep(ctx, c, {
        name: "key-policy",
        op: "consolidated",
        what: `key policy of ${c.target}`,
        spec: {
          owned: [...OWNED_SIDS.keyPolicy],
          sid: bucketKeys ? SIDS.keyReplicaBucketKeys : SIDS.keyReplica,
          principal: names.roleArn,
          templates: Object.fromEntries(
            OWNED_SIDS.keyPolicy.map((sid) => [sid, renderKeyPolicyStatement([names.roleArn], sid === SIDS.keyReplicaBucketKeys)]),
          ),
          base: defaultKeyPolicy(partitionOf(c.region), c.accountId),
        },
        read: `aws kms get-key-policy --profile ${PROFILE[c.account]} --region ${shellQuote(c.region)} --key-id ${shellQuote(c.target)} --policy-name 'default' --query Policy`,
        absent: "",
        write: `aws kms put-key-policy --profile ${PROFILE[c.account]} --region ${shellQuote(c.region)} --key-id ${shellQuote(c.target)} --policy-name 'default' --policy`,
        tries: 6,
        roleArn: true,
      });
      return;
    }
    case "destination.bucketPolicy":
      documentStep(ctx, c, {
        name: "bucket-policy",
        op: "consolidated",
        what: `bucket policy of ${c.target}`,
        spec: {
          owned: [...OWNED_SIDS.bucketPolicy],
          sid: input.rule.ownerOverride ? SIDS.bucketReplicationOwnerOverride : SIDS.bucketReplication,
          principal: names.roleArn,
          templates: Object.fromEntries(
            OWNED_SIDS.bucketPolicy.map((sid) => [
              sid,
              renderBucketPolicyStatement(names.destinationBucketArn, [names.roleArn], sid === SIDS.bucketReplicationOwnerOverride),
            ]),
          ),
        },
        read: `aws s3api get-bucket-policy ${bucketArgs(c)} --query Policy`,
        absent: "NoSuchBucketPolicy",
        write: `aws s3api put-bucket-policy ${bucketArgs(c)} --policy`,
        tries: 6,
        roleArn: true,
      });
      return;
    case "source.replication":
      documentStep(ctx, c, {
        name: "replication",
        op: "replication",
        what: `replication configuration of bucket ${c.target}`,
        spec: { roleArn: names.roleArn, rule: renderReplicationRule(input, names) },
        read: `aws s3api get-bucket-replication ${bucketArgs(c)} --query ReplicationConfiguration`,
        absent: "ReplicationConfigurationNotFound",
        write: `aws s3api put-bucket-replication ${bucketArgs(c)} --replication-configuration`,
        tries: 6,
        roleArn: true,
      });
      return;
    case "source.role":
    case "source.rolePolicy":
      return; // roleSteps
  }
}

/** Bash script for the whole plan, or for one account's half. */
export function exportCliScript(plan: Plan, options: { account?: AccountSide } = {}): string {
  const { source, destination } = plan.input.accounts;
  const changes = exportedChanges(plan, options.account);
  const skipped = plan.changes.filter((c) => !changes.includes(c) && c.kind !== "no-op");
  const unread = changes.filter((c) => c.stateUnknown).map((c) => c.id);
  const lines: string[] = [
    "#!/usr/bin/env bash",
    "# Generated by Lockbridge. Review before running.",
    `# Plan fingerprint: ${plan.fingerprint}`,
    `# Source: account ${source.accountId}, bucket ${oneLine(source.bucket)} (${source.region})`,
    `# Destination: account ${destination.accountId}, bucket ${oneLine(destination.bucket)} (${destination.region})`,
    ...(options.account ? [`# This script holds only the ${options.account} account's changes.`] : []),
    "#",
    "# Needs: the AWS CLI (`aws`, v1 or v2) and python3 (3.6 or later). It checks for both before anything else.",
    "# Every whole document it replaces (trust and inline role policies, key policy, bucket policy, Object Lock",
    "# and replication configurations) is READ AT RUN TIME and Lockbridge's part is merged into what is live,",
    "# with the same rules as Lockbridge's Apply: foreign statements, rules and principals are written back as",
    "# they are. First every document is read and checked; a conflict (for example a statement that uses a",
    "# Lockbridge Sid but is not Lockbridge's, or another role on the replication configuration) stops the",
    "# script BEFORE ITS FIRST WRITE with a message naming the document. Then each write re-reads its document",
    "# right before the call and only sends what differs, so running the script again is safe.",
    ...(unread.length > 0
      ? [`# Lockbridge could not read these when planning (plan-only): ${unread.join(", ")}; the script reads them itself.`]
      : []),
    ...skipped.map((c) => `# Run first in the ${c.account} account (not in this script): ${c.id}: ${oneLine(c.description)}`),
    ...plan.errors.map((e) => `# PLAN ERROR (${oneLine(e.path)}): ${oneLine(e.message)}`),
    ...plan.warnings.map((w) => `# Warning: ${oneLine(w.message)}`),
    "set -euo pipefail",
    "",
  ];
  if (plan.errors.length > 0) {
    lines.push(
      `echo ${shellQuote(`Lockbridge: STOP: this plan has ${plan.errors.length} error(s); a plan with errors is not run. Fix them in Lockbridge and export again:`)} >&2`,
      ...plan.errors.map((e) => `echo ${shellQuote(`  - ${oneLine(e.path)}: ${oneLine(e.message)}`)} >&2`),
      "echo 'Lockbridge: stopped before the first write: nothing was changed.' >&2",
      "exit 1",
      "",
    );
  }
  lines.push(
    "for tool in aws python3; do",
    '  command -v "$tool" >/dev/null 2>&1 || { echo "Lockbridge: STOP: this script needs $tool on PATH (see the top of the script); nothing was changed." >&2; exit 1; }',
    "done",
    "",
    "# Named CLI profiles for each account; override before running, e.g. SOURCE_PROFILE=prod ./lockbridge.sh",
    'SOURCE_PROFILE="${SOURCE_PROFILE:-lockbridge-source}"',
    'DESTINATION_PROFILE="${DESTINATION_PROFILE:-lockbridge-destination}"',
    'WORKDIR="$(mktemp -d)"',
    "WRITES=0",
    HELPERS,
    "trap lb_exit EXIT",
  );
  const d = heredocDelimiter(MERGE_PROGRAM, "LOCKBRIDGE_PY");
  lines.push(`cat > "$WORKDIR/merge.py" <<'${d}'`, MERGE_PROGRAM.replace(/\n$/, ""), d);

  const ctx: Ctx = { plan, lines, prep: [], check: [], write: [] };
  const role = changes.find((c) => c.id === "source.role");
  // Without the source account in this script the role's ARN is the planned one.
  if (!role) lines.push(`ROLE_ARN=${shellQuote(plan.names.roleArn)}`);
  changes.forEach((c, i) => {
    ctx.write.push("", `# Step ${i + 1}/${changes.length} [${c.account}] ${c.id}: ${oneLine(c.description)}`);
    if (c.dependsOn.length > 0) ctx.write.push(`# After: ${c.dependsOn.join(", ")}`);
    if (c.irreversible) ctx.write.push("# IRREVERSIBLE.");
    if (c.id === "source.role")
      roleSteps(
        ctx,
        c,
        changes.find((x) => x.id === "source.rolePolicy"),
      );
    else if (c.id === "source.rolePolicy")
      ctx.write.push(
        role ? "# Written with the role step above." : "# The role step is not in this script; the inline policy goes with it.",
      );
    else changeSteps(ctx, c);
  });
  const batch = plan.batch && options.account !== "destination" ? plan.batch : undefined;
  if (batch) batchSteps(ctx, batch);
  lines.push(
    "",
    ...ctx.prep,
    "",
    "# Phase 1: read and check every document. Nothing is written in this phase.",
    'lb_say "checking the live documents (nothing is written yet)"',
  );
  lines.push(
    ...ctx.check,
    'lb_say "every check passed; writing"',
    "",
    "# Phase 2: write, re-reading each document right before its write.",
    ...ctx.write,
  );
  lines.push("", 'lb_say "all steps done."', "");
  return lines.join("\n");
}

/**
 * Batch Replication for existing objects, after the replication rule exists. Mirrors ensureBatchRole in
 * lib/aws/batch.ts: the role is created only when missing (and must then be the planned ARN); an existing
 * role gets our trust statement only when nothing lets S3 Batch Operations assume it; our inline policy
 * is merged (foreign statements kept). AccountId goes on the command line, the rest through
 * --cli-input-json.
 */
function batchSteps(ctx: Ctx, b: BatchPlan): void {
  const profile = `--profile ${PROFILE.source}`;
  const role = shellQuote(b.roleName);
  const { AccountId: _account, ...job } = b.request;
  const what = `inline policy ${b.policyName} of batch role ${b.roleName}`;
  heredoc(ctx.lines, "batch-trust.spec.json", {
    doc: `trust policy of batch role ${b.roleName}`,
    kind: "trust",
    owned: [...BATCH_OWNED_SIDS.trust],
    ours: ownedStatements(b.trustPolicy, BATCH_OWNED_SIDS.trust),
    trustService: BATCH_SERVICE,
  });
  heredoc(ctx.lines, "batch-policy.spec.json", {
    doc: what,
    kind: "identity",
    owned: [...BATCH_OWNED_SIDS.policy],
    ours: ownedStatements(b.permissionsPolicy, BATCH_OWNED_SIDS.policy),
  });
  heredoc(ctx.lines, "batch.trust.json", b.trustPolicy);
  heredoc(ctx.lines, "batch.create-job.json", job);
  ctx.prep.push(
    "prep_batch() {",
    `  lb_read "$WORKDIR/batch-role.get.json" ${shellQuote(`batch role ${b.roleName}`)} NoSuchEntity aws iam get-role ${profile} --role-name ${role}`,
    '  BATCH_ARN="$(lb_field "$WORKDIR/batch-role.get.json" Role.Arn)"',
    '  if [ -z "$BATCH_ARN" ]; then',
    "    BATCH_TRUST=create",
    '    echo null >"$WORKDIR/batch-policy.live.json"',
    "  else",
    `    if [ "$BATCH_ARN" != ${shellQuote(b.roleArn)} ]; then lb_stop ${shellQuote(`role ${b.roleName} already exists as `)}"$BATCH_ARN"${shellQuote(`, not ${b.roleArn}. Choose another batch role name.`)}; fi`,
    '    lb_field "$WORKDIR/batch-role.get.json" Role.AssumeRolePolicyDocument >"$WORKDIR/batch-trust.live.json"',
    '    BATCH_TRUST="$(lb_merge owned batch-trust)"',
    `    lb_read "$WORKDIR/batch-policy.live.json" ${shellQuote(what)} NoSuchEntity aws iam get-role-policy ${profile} --role-name ${role} --policy-name ${shellQuote(b.policyName)} --query PolicyDocument`,
    "  fi",
    '  BATCH_POLICY="$(lb_merge owned batch-policy)"',
    "}",
  );
  ctx.check.push("prep_batch", `lb_say ${shellQuote(`batch role ${b.roleName}: `)}"$BATCH_TRUST"`);
  ctx.write.push(
    "",
    "# Existing objects: S3 Batch Replication job (runs inside S3, in the source account and Region).",
    "prep_batch",
    "WRITES_BEFORE_BATCH=$WRITES",
    'if [ "$BATCH_TRUST" = create ]; then',
    `  lb_write 1 ${shellQuote(`create batch role ${b.roleName}`)} aws iam create-role ${profile} --role-name ${role} --path ${shellQuote(b.rolePath)} --description 'S3 Batch Replication role managed by Lockbridge' --assume-role-policy-document "file://$WORKDIR/batch.trust.json"`,
    'elif [ "$BATCH_TRUST" = changed ]; then',
    `  lb_write 1 ${shellQuote(`let ${BATCH_SERVICE} assume ${b.roleName}`)} aws iam update-assume-role-policy ${profile} --role-name ${role} --policy-document "file://$WORKDIR/batch-trust.json"`,
    "fi",
    'if [ "$BATCH_POLICY" = changed ]; then',
    `  lb_write 1 ${shellQuote(`put ${what}`)} aws iam put-role-policy ${profile} --role-name ${role} --policy-name ${shellQuote(b.policyName)} --policy-document "file://$WORKDIR/batch-policy.json"`,
    "fi",
    'if [ "$WRITES" -gt "$WRITES_BEFORE_BATCH" ]; then',
    "  # IAM is eventually consistent: S3 Batch Operations rejects a role it cannot assume yet.",
    `  aws iam wait role-exists ${profile} --role-name ${role}`,
    '  sleep "${LOCKBRIDGE_IAM_WAIT:-15}"',
    "fi",
    `lb_write 6 'create the S3 Batch Replication job' aws s3control create-job ${profile} --region ${shellQuote(b.region)} --account-id ${shellQuote(b.accountId)} --cli-input-json "file://$WORKDIR/batch.create-job.json"`,
    `# Completion report: ${oneLine(b.report.uri)}`,
  );
}

/** Ids of changes whose whole document the plan did not read (the script reads them at run time). */
export function unreadDocuments(plan: Plan): ChangeId[] {
  return plan.changes.filter((c) => c.stateUnknown).map((c) => c.id);
}
