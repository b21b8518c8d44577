// Several source buckets into one vault, in one plan, from the single-source builders (build-*.ts):
// each source gets its role, inline policy, versioning and rule exactly as in a one-source plan; the
// vault's versioning and Object Lock are planned once, and its bucket policy and key policy are merged
// (mergeConsolidated, the same merge rules) with every new source role and written once. With
// `sharedRole`, the sources of one account share one replication role (one inline policy per bucket).
// Pure, like buildPlan; cost grows with the number of sources, not with the square of the policy size.
import { fitName, type WizardInput } from "../../schema/wizard";
import { partitionOf } from "../../schema/primitives";
import { bucketPolicyChange, keyPolicyChange, objectLockChange, versioningChange } from "../build-destination";
import { liveRole, replicationChange, roleChange, rolePolicyChange } from "../build-source";
import { inputWarnings, observedChecks } from "../checks";
import { changeKind } from "../diff";
import { observedHashes, planFingerprint } from "../fingerprint";
import { bucketRead, type Notes } from "../live";
import { awsPrincipals, isOurStatement, mergeOwnedStatements, UNIQUE_ID } from "../merge";
import { canonicalJson, isObject, statementsOf } from "../canonical";
import { sha256Hex } from "../sha256";
import { OWNED_SIDS, planNames, SIDS } from "../names";
import type { BucketState, KeyState, ObservedState, Read, RoleState } from "../observed";
import { orderChanges } from "../order";
import { defaultKeyPolicy, POLICY_VERSION, renderBucketPolicyStatement, renderKeyPolicyStatement } from "../render/policies";
import type { Change, Json, JsonObject, PlanNames, PlanProblem, PlanWarning, PolicyDocument } from "../types";
import { iamChars, validateChanges } from "../validate";

export type SourceObserved = { source: Read<BucketState>; role: Read<RoleState>; sourceKey?: Read<KeyState> };
export type VaultObserved = { destination: Read<BucketState>; destinationKey?: Read<KeyState> };

export type ManySourcesPlan = {
  /** The vault's changes, one per document: versioning, Object Lock, key policy, bucket policy. */
  vault: Change[];
  /** Per source bucket: its names and its source-account changes (role, inline policy, versioning, rule). */
  sources: { input: WizardInput; names: PlanNames; changes: Change[] }[];
  errors: PlanProblem[];
  warnings: PlanWarning[];
  applyable: boolean;
  fingerprint: string;
  /** What the fingerprint binds of the live state: the vault's items, and two hashes per source. */
  observedHashes: Record<string, string>;
};

/** The replication role one account's sources share: named after the vault. */
export const sharedRoleName = (vaultBucket: string) => fitName(`lockbridge-to-${vaultBucket}`, 64);

/** observedHashes keys of a source ("<account>/<bucket>:written"): what the plan writes there, and the rest. */
export const WRITTEN = "written";
export const UNWRITTEN = "unwritten";

/** The input as the plan uses it: with one role per account, the shared role replaces the bucket's own. */
export function asPlanned(input: WizardInput, opts: { sharedRole?: boolean } = {}): WizardInput {
  if (!opts.sharedRole) return input;
  const vault = input.accounts.destination.bucket;
  return {
    ...input,
    role: { mode: "create", roleName: sharedRoleName(vault), path: input.role.mode === "create" ? input.role.path : "/service-role/" },
  };
}

/** Every input must name the same vault and replica key: the vault side comes from the first. */
function sameVault(first: WizardInput, other: WizardInput): string | undefined {
  const a = first.accounts.destination;
  const b = other.accounts.destination;
  if (a.accountId !== b.accountId || a.bucket !== b.bucket || a.region !== b.region)
    return `${other.accounts.source.bucket} targets another vault (${b.accountId}/${b.bucket}).`;
  const key = (i: WizardInput) => (i.encryption.mode === "sse-kms" ? i.encryption.destinationKeyArn : "none");
  if (key(first) !== key(other)) return `${other.accounts.source.bucket} uses another replica key than the other sources.`;
  return undefined;
}

type Addition = { principal: string; sid: string };

/**
 * mergeConsolidated for many principals at once, with the same result as adding them one after another:
 * principals already in our statements stay where they are unless re-added; each added principal ends in
 * the statement of its (last) addition, in the order added. Foreign statements are untouched.
 */
export function mergeConsolidatedMany(opts: {
  live: PolicyDocument | null;
  base: PolicyDocument;
  owned: readonly string[];
  additions: Addition[];
  render: (sid: string, principals: string[]) => JsonObject;
}): PolicyDocument {
  const last = new Map<string, number>();
  opts.additions.forEach((a, i) => last.set(a.principal, i));
  const sets = new Map<string, string[]>(opts.owned.map((sid) => [sid, []]));
  const seen = new Set<string>();
  // The same ownership rule as mergeConsolidated: only statements with our Sid and our shape are ours,
  // and orphaned unique IDs in them are dropped.
  for (const st of statementsOf(opts.live)) {
    const sid = isObject(st) && typeof st.Sid === "string" ? st.Sid : undefined;
    const list = sid === undefined || !isOurStatement(st, opts.owned) ? undefined : sets.get(sid);
    if (!list) continue;
    for (const p of awsPrincipals(st)) {
      const key = `${sid}\u0000${p}`;
      if (!last.has(p) && !seen.has(key) && !UNIQUE_ID.test(p)) {
        seen.add(key);
        list.push(p);
      }
    }
  }
  opts.additions.forEach((a, i) => {
    if (last.get(a.principal) === i) sets.get(a.sid)?.push(a.principal);
  });
  const ours = opts.owned.flatMap((sid) => {
    const principals = sets.get(sid) ?? [];
    return principals.length > 0 ? [opts.render(sid, principals)] : [];
  });
  return mergeOwnedStatements(opts.live ?? opts.base, opts.owned, ours);
}

// Problems about the vault (its Object Lock, versioning, policies, key) are said once, about the vault;
// the others name their source bucket.
const VAULT_PATH = /^(objectLock|destination|encryption\.destinationKeyArn)/;
const prefixed = <T extends { path?: string; message: string }>(items: T[], i: number, label: string, vault: string) =>
  items.map((x) =>
    VAULT_PATH.test(x.path ?? "")
      ? { ...x, message: `Vault ${vault}: ${x.message}` }
      : { ...x, path: `sources.${i}.${x.path ?? ""}`, message: `${label}: ${x.message}` },
  );

export function buildManySourcesPlan(
  inputs: WizardInput[],
  vault: VaultObserved,
  sources: SourceObserved[],
  opts: { sharedRole?: boolean } = {},
): ManySourcesPlan {
  const errors: PlanProblem[] = [];
  const warnings: PlanWarning[] = [];
  const first = inputs[0];
  if (!first)
    return {
      vault: [],
      sources: [],
      errors: [{ path: "sources", message: "Pick at least one source bucket." }],
      warnings,
      applyable: false,
      fingerprint: "",
      observedHashes: {},
    };
  const d = first.accounts.destination;
  const roles = new Map<string, Read<RoleState>>();
  const out: ManySourcesPlan["sources"] = [];
  const hashes: Record<string, string> = {};
  let bucketPolicy: PolicyDocument | null = null;
  let keyPolicy: PolicyDocument | null = null;
  const vaultNotes: Notes = { errors: [], warnings: [] };
  let vaultChanges: Change[] = [];
  const bucketAdds: Addition[] = [];
  const keyAdds: Addition[] = [];

  inputs.forEach((raw, i) => {
    const problem = sameVault(first, raw);
    if (problem) errors.push({ path: `sources.${i}`, message: problem });
    const input = asPlanned(raw, opts);
    const own = sources[i] ?? { source: { status: "unknown" }, role: { status: "unknown" } };
    const account = input.accounts.source.accountId;
    const observed: ObservedState = { ...own, role: roles.get(account) ?? own.role, ...vault };
    const { names, warnings: nameWarnings } = planNames(input, observed);
    const notes: Notes = { errors: [], warnings: nameWarnings };
    observedChecks(input, observed, names, notes);
    const role = liveRole(input, observed, notes);
    const changes = orderChanges([
      roleChange(input, names, role, notes),
      rolePolicyChange(input, names, role, notes),
      versioningChange(input, "source", bucketRead(observed.source, "versioning"), notes),
      replicationChange(input, observed, names, notes),
    ]);
    if (i === 0) {
      // The vault's own documents, planned once from what is live; the policies are then grown below.
      const bp = bucketPolicyChange(input, observed, names, vaultNotes);
      const kp = keyPolicyChange(input, observed, names, vaultNotes);
      vaultChanges = [
        versioningChange(input, "destination", bucketRead(observed.destination, "versioning"), vaultNotes),
        objectLockChange(input, observed, vaultNotes),
        ...(kp ? [kp] : []),
        bp,
      ];
      bucketPolicy = bp.before as PolicyDocument | null;
      keyPolicy = kp ? (kp.before as PolicyDocument | null) : null;
      inputWarnings(input, orderChanges([...vaultChanges, ...changes]), notes);
      // The vault's items, one hash each (a resume knows which of them its own writes changed).
      for (const [k, v] of Object.entries(observedHashes(observed))) if (k.startsWith("destination")) hashes[`vault:${k}`] = v;
    }
    // Two hashes per source, as read: what this plan writes there (versioning, rules, the role) and what it
    // never writes (the rest of the bucket, its key). Two, not one per item: a plan of 200 sources hashes
    // every source on every review.
    const scope = `${account}/${input.accounts.source.bucket}`;
    const bucket = own.source.status === "found" ? own.source.value : undefined;
    const { versioning, replication, ...rest } = bucket ?? { versioning: undefined, replication: undefined };
    hashes[`${scope}:${WRITTEN}`] = sha256Hex(
      canonicalJson({ versioning: versioning ?? null, replication: replication ?? null, role: own.role }),
    );
    hashes[`${scope}:${UNWRITTEN}`] = sha256Hex(canonicalJson({ bucket: bucket ? rest : own.source, sourceKey: own.sourceKey ?? null }));
    bucketAdds.push({
      principal: names.roleArn,
      sid: input.rule.ownerOverride ? SIDS.bucketReplicationOwnerOverride : SIDS.bucketReplication,
    });
    if (input.encryption.mode === "sse-kms")
      keyAdds.push({ principal: names.roleArn, sid: input.encryption.bucketKeys ? SIDS.keyReplicaBucketKeys : SIDS.keyReplica });
    const others = Object.entries((observed.role.status === "found" ? observed.role.value.inlinePolicies : {}) ?? {})
      .filter(([name]) => name !== names.rolePolicyName)
      .reduce((sum, [, doc]) => sum + iamChars(doc), 0);
    const checked = validateChanges(changes, others);
    const label = input.accounts.source.bucket;
    errors.push(...prefixed([...notes.errors, ...checked.errors], i, label, d.bucket));
    warnings.push(...prefixed([...notes.warnings, ...checked.warnings], i, label, d.bucket));
    // One role per account: the next bucket of this account sees the role as this plan leaves it.
    if (opts.sharedRole) {
      roles.set(account, roleAfter(changes, names, observed.role));
    }
    out.push({ input, names, changes });
  });

  // The vault's policies: before = what is live now, after = every source role merged in; one write each.
  const vaultBucketArn = out[0]!.names.destinationBucketArn;
  bucketPolicy = mergeConsolidatedMany({
    live: bucketPolicy,
    base: { Version: POLICY_VERSION, Statement: [] },
    owned: OWNED_SIDS.bucketPolicy,
    additions: bucketAdds,
    render: (sid, principals) => renderBucketPolicyStatement(vaultBucketArn, principals, sid === SIDS.bucketReplicationOwnerOverride),
  });
  if (keyAdds.length > 0) {
    keyPolicy = mergeConsolidatedMany({
      live: keyPolicy,
      base: defaultKeyPolicy(partitionOf(d.region), d.accountId),
      owned: OWNED_SIDS.keyPolicy,
      additions: keyAdds,
      render: (sid, principals) => renderKeyPolicyStatement(principals, sid === SIDS.keyReplicaBucketKeys),
    });
  }
  vaultChanges = vaultChanges.map((c) => {
    let merged: Change;
    if (c.action === "PutBucketPolicy" && bucketPolicy) merged = { ...c, after: bucketPolicy, kind: changeKind(c.before, bucketPolicy) };
    else if (c.action === "PutKeyPolicy" && keyPolicy) merged = { ...c, after: keyPolicy, kind: changeKind(c.before, keyPolicy) };
    else return c;
    const what =
      c.action === "PutBucketPolicy" ? `replicate into ${d.bucket} (bucket policy` : `encrypt replicas with ${c.target} (key policy`;
    if (merged.kind !== "no-op") merged.description = `Let ${inputs.length} source role(s) ${what}, one write, foreign statements kept)`;
    return merged;
  });
  const checked = validateChanges(vaultChanges, 0);
  const all = [...vaultNotes.errors, ...checked.errors, ...errors];
  const unique = all.filter((e, i) => all.findIndex((x) => x.path === e.path && x.message === e.message) === i);
  warnings.push(...vaultNotes.warnings, ...checked.warnings);
  // A vault problem seen from every source is said once.
  const saidOnce = warnings.filter((w, i) => warnings.findIndex((x) => x.path === w.path && x.message === w.message) === i);
  const changes = [...vaultChanges, ...out.flatMap((s) => s.changes)];
  return {
    vault: vaultChanges,
    sources: out,
    errors: unique,
    warnings: saidOnce,
    applyable: unique.length === 0,
    fingerprint: planFingerprint(changes, hashes),
    observedHashes: hashes,
  };
}

/** The replication role as AWS would hold it after this plan's role changes (for the next bucket of the account). */
function roleAfter(changes: readonly Change[], names: PlanNames, before: ObservedState["role"]): ObservedState["role"] {
  let role: RoleState | undefined = before.status === "found" ? structuredClone(before.value) : undefined;
  const doc = (v: Json | undefined) => (isObject(v) ? structuredClone(v) : {});
  for (const c of changes) {
    if (c.kind === "no-op" || c.after === null) continue;
    if (c.action === "CreateRole") {
      role = {
        arn: names.roleArn,
        roleName: names.roleName,
        path: names.rolePath,
        trust: doc(c.after.AssumeRolePolicyDocument),
        inlinePolicies: {},
        attachedPolicies: [],
        permissionsBoundary: null,
      };
    } else if (c.action === "UpdateAssumeRolePolicy" && role) {
      role.trust = doc(c.after.PolicyDocument);
    } else if (c.action === "PutRolePolicy" && role) {
      role.inlinePolicies[c.after.PolicyName] = doc(c.after.PolicyDocument);
    }
  }
  return role ? { status: "found", value: role } : before;
}
