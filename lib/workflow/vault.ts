import "server-only";
// The vault page's data: every source that replicates into a vault, from Lockbridge's own statements in
// the vault's bucket and key policies and from the saved plans into it. A source with a saved plan is
// re-planned against live state (drift), its rule read, its last apply and last canary shown.
import { accessOf } from "@/lib/aws/connect";
import { readVaultPolicies, replicationStatusOf } from "@/lib/aws/vault";
import type { Read } from "@/lib/plan/observed";
import type { PolicyDocument } from "@/lib/plan/types";
import {
  bucketPolicyPrincipals,
  bucketPolicyRoom,
  driftOf,
  keyPolicyPrincipals,
  keyPolicyRoom,
  ruleState,
  type Drift,
  type Room,
} from "@/lib/plan/vault";
import { deriveRoleName } from "@/lib/schema/wizard";
import { auditLog, plans, type PlanRecord } from "@/lib/store";
import { accountRefusals } from "./allowed";
import { planNow } from "./live";
import { isManyPlan } from "./many";
import { isRollbackPlan } from "./rollback";

export type VaultSource = {
  roleArn: string;
  sourceAccount: string;
  sourceBucket: string | null;
  planId: string | null;
  planStatus: string | null;
  rule: "Enabled" | "Disabled" | "missing" | "unknown";
  lastApply: string | null;
  drift: Drift;
  canary: string | null;
  inBucketPolicy: boolean;
  inKeyPolicy: boolean | null;
};

export type VaultView = {
  accountId: string;
  bucket: string;
  region: string | null;
  readError: string | null;
  sources: VaultSource[];
  bucketRoom: Room | null;
  keyRoom: Room | null;
  keyArn: string | null;
  /** The newest saved plan into this vault: "Add a source" starts from its vault side. */
  template: PlanRecord["input"] | null;
};

const MAX_PLANS = 500;
const arnAccountOf = (arn: string) => arn.split(":")[4] ?? "";
const readDoc = (r: Read<PolicyDocument> | undefined) => (r?.status === "found" ? r.value : null);
const readErr = (what: string, r: Read<PolicyDocument> | undefined) =>
  r?.status === "error" ? `${what}: ${r.code}${r.missingPermission ? ` (needs ${r.missingPermission})` : ""}` : null;

async function plansInto(accountId: string, bucket: string): Promise<PlanRecord[]> {
  const { plans: list } = await plans().list({ limit: MAX_PLANS });
  const candidates = list.filter((p) => p.destinationBucket === bucket);
  const records = await Promise.all(candidates.map((p) => plans().get(p.id)));
  // Newest first; rollbacks are not sources.
  return records
    .filter((r): r is PlanRecord => r !== null && r.input.accounts.destination.accountId === accountId && !isRollbackPlan(r.plan))
    .flatMap(perSource);
}

/**
 * A plan of several sources stands for each of its sources: one record per source input (same id,
 * status, run), so each source is re-planned, checked for drift and shown like a one-source plan.
 */
function perSource(r: PlanRecord): PlanRecord[] {
  return (isManyPlan(r.plan) ? r.plan.many.inputs.map((input) => ({ ...r, input })) : [r]).map(withinAllowed);
}

/**
 * A plan saved before LOCKBRIDGE_ALLOWED_ACCOUNTS (or the role patterns) was set may name an account this
 * server may no longer use. The page reads such an account as plan-only: it shows "unknown" there rather
 * than assuming a role the server was told to keep away from.
 */
function withinAllowed(r: PlanRecord): PlanRecord {
  const refused = accountRefusals(r.input.accounts);
  const keys = Object.keys(refused);
  if (keys.length === 0) return r;
  const side = (s: "source" | "destination") =>
    keys.some((k) => k.startsWith(`${s}.`))
      ? { ...r.input.accounts[s], access: "plan-only" as const, roleArn: undefined, externalId: undefined }
      : r.input.accounts[s];
  return { ...r, input: { ...r.input, accounts: { ...r.input.accounts, source: side("source"), destination: side("destination") } } };
}

async function lastCanary(rec: PlanRecord): Promise<string | null> {
  const s = rec.input.accounts.source;
  const page = await auditLog().listAudit(
    { accountId: s.accountId, api: "PutObject", text: `${s.bucket}/lockbridge-canary/` },
    { limit: 1, order: "desc" },
  );
  const entry = page.entries[0];
  if (!entry) return null;
  if (entry.result !== "ok") return `upload failed at ${entry.at}`;
  const access = accessOf(s);
  const key = entry.target.slice(s.bucket.length + 1);
  const status = access ? await replicationStatusOf(access, s.region, s.accountId, s.bucket, key) : "source not reachable (plan-only)";
  return `${status} (uploaded ${entry.at})`;
}

async function sourceOf(rec: PlanRecord, inBucket: string[], inKey: string[] | null): Promise<VaultSource> {
  const s = rec.input.accounts.source;
  const { plan } = await planNow(rec.input);
  const applied = rec.status === "applied" || rec.status === "failed";
  return {
    roleArn: plan.names.roleArn,
    sourceAccount: s.accountId,
    sourceBucket: s.bucket,
    planId: rec.id,
    planStatus: rec.status,
    rule: ruleState(plan),
    lastApply: rec.run?.finishedAt ? `${rec.status === "applied" ? "applied" : rec.status} ${rec.run.finishedAt}` : null,
    drift: applied ? driftOf(plan) : { state: "unknown", why: `The plan is ${rec.status}, not applied.` },
    canary: await lastCanary(rec),
    inBucketPolicy: inBucket.includes(plan.names.roleArn),
    inKeyPolicy: inKey ? inKey.includes(plan.names.roleArn) : null,
  };
}

export async function vaultView(accountId: string, bucket: string): Promise<VaultView> {
  const records = await plansInto(accountId, bucket);
  // Newest plan that can reach the vault decides how the vault is read.
  const reach = records.find((r) => accessOf(r.input.accounts.destination));
  const template = records[0]?.input ?? null;
  const keyArn = template?.encryption.mode === "sse-kms" ? template.encryption.destinationKeyArn : null;
  let bucketDoc: PolicyDocument | null = null;
  let keyDoc: PolicyDocument | null = null;
  let readError: string | null = reach ? null : "No saved plan into this vault reaches its account: the vault's policies were not read.";
  if (reach) {
    const d = reach.input.accounts.destination;
    const r = await readVaultPolicies(accessOf(d)!, d.region, accountId, bucket, keyArn ?? undefined);
    bucketDoc = readDoc(r.bucketPolicy);
    keyDoc = readDoc(r.keyPolicy);
    readError = [readErr("bucket policy", r.bucketPolicy), readErr("key policy", r.keyPolicy)].filter(Boolean).join("; ") || null;
  }
  const inBucket = bucketPolicyPrincipals(bucketDoc);
  const inKey = keyArn ? keyPolicyPrincipals(keyDoc) : null;

  // One row per source bucket: the newest plan for it wins.
  const seen = new Set<string>();
  const newest = records.filter((r) => {
    const k = `${r.input.accounts.source.accountId}/${r.input.accounts.source.bucket}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const fromPlans = await Promise.all(newest.map((r) => sourceOf(r, inBucket, inKey)));
  const known = new Set(fromPlans.map((s) => s.roleArn));
  // Roles the policies name without a saved plan here (applied from the wizard, or by another server).
  const orphans: VaultSource[] = inBucket
    .filter((arn) => !known.has(arn))
    .map((arn) => ({
      roleArn: arn,
      sourceAccount: arnAccountOf(arn),
      sourceBucket: null,
      planId: null,
      planStatus: null,
      rule: "unknown",
      lastApply: null,
      drift: { state: "unknown", why: "No saved plan for this source: Lockbridge cannot reach its account to re-read it." },
      canary: null,
      inBucketPolicy: true,
      inKeyPolicy: inKey ? inKey.includes(arn) : null,
    }));
  const region = template?.accounts.destination.region ?? null;
  const sample = `arn:aws:iam::123456789012:role/service-role/${deriveRoleName("a-typical-source-bucket-name", bucket)}`;
  return {
    accountId,
    bucket,
    region,
    readError,
    sources: [...fromPlans, ...orphans],
    bucketRoom: reach ? bucketPolicyRoom(bucketDoc, sample) : null,
    keyRoom: reach && keyArn ? keyPolicyRoom(keyDoc, sample) : null,
    keyArn,
    template,
  };
}

export type KnownVault = { accountId: string; bucket: string; region: string; sources: number };

/** Accounts and vaults that saved plans name (the onboarding page marks these accounts as onboarded). */
export async function knownAccounts(): Promise<{ accounts: Set<string>; vaults: KnownVault[] }> {
  const { plans: list } = await plans().list({ limit: MAX_PLANS });
  const records = (await Promise.all(list.map((p) => plans().get(p.id))))
    .filter((r): r is PlanRecord => r !== null && !isRollbackPlan(r.plan))
    .flatMap(perSource);
  const accounts = new Set<string>();
  const vaults = new Map<string, KnownVault & { buckets: Set<string> }>();
  for (const r of records) {
    const { source, destination } = r.input.accounts;
    accounts.add(source.accountId);
    accounts.add(destination.accountId);
    const key = `${destination.accountId}/${destination.bucket}`;
    const v = vaults.get(key) ?? {
      accountId: destination.accountId,
      bucket: destination.bucket,
      region: destination.region,
      sources: 0,
      buckets: new Set<string>(),
    };
    v.buckets.add(`${source.accountId}/${source.bucket}`);
    v.sources = v.buckets.size;
    vaults.set(key, v);
  }
  return { accounts, vaults: [...vaults.values()].map(({ buckets: _buckets, ...v }) => v) };
}
