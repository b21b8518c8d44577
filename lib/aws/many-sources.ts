import "server-only";
// Several sources into one vault: read every source and the vault with their own access, and apply a
// ManySourcesPlan (lib/plan/onboard/many.ts) with the single-change executor. Order: every source's
// role, inline policy and versioning first (the vault's policies may only name roles that exist), then
// the vault once (versioning, Object Lock, key policy, bucket policy), then every source's rule. The
// plan is rebuilt from live state first and refused when it is not the reviewed one (fingerprint).
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { buildManySourcesPlan, type ManySourcesPlan, type SourceObserved, type VaultObserved } from "@/lib/plan/onboard";
import { discoveryTargets } from "@/lib/plan/observed";
import type { Change } from "@/lib/plan/types";
import type { WizardInput } from "@/lib/schema/wizard";
import { type AccountClients, clientsFor } from "./clients";
import { accessOf } from "./connect";
import { readBucket, readKey, readRole } from "./discover";
import { type ExecuteOptions, executeChange, type WriteEvent } from "./execute";

type Reach = { key: string; clients: AccountClients };

export type ManyReach = ReturnType<typeof reachAll>;

/** One set of clients per account and access (two buckets of one account share them). */
export function reachAll(inputs: WizardInput[]): {
  source: (i: number) => AccountClients | undefined;
  vault: AccountClients | undefined;
  destroy: () => void;
} {
  const made = new Map<string, Reach>();
  const get = (side: WizardInput["accounts"]["source"]) => {
    const access = accessOf(side);
    if (!access) return undefined;
    const key = `${side.accountId}|${side.region}|${JSON.stringify(access)}`;
    const hit = made.get(key) ?? { key, clients: clientsFor(access, side.region, "many-sources") };
    made.set(key, hit);
    return hit.clients;
  };
  const sources = inputs.map((i) => get(i.accounts.source));
  const vault = inputs[0] ? get(inputs[0].accounts.destination) : undefined;
  return { source: (i) => sources[i], vault, destroy: () => made.forEach((r) => Object.values(r.clients).forEach((c) => c.destroy())) };
}

const UNKNOWN = { status: "unknown" } as const;

/** Each account must be reachable and be the one typed before anything is written there; else why not. */
export async function identityRefusal(inputs: WizardInput[], reach: ManyReach): Promise<string | undefined> {
  const all = [
    ...inputs.map((input, i) => [reach.source(i), input.accounts.source.accountId] as const),
    [reach.vault, inputs[0]?.accounts.destination.accountId ?? ""] as const,
  ];
  const checked = new Map<AccountClients, Promise<string | undefined>>();
  for (const [c, account] of all) {
    if (!c) return `account ${account} is plan-only here.`;
    checked.set(c, checked.get(c) ?? c.sts.send(new GetCallerIdentityCommand({})).then((who) => who.Account));
    const actual = await checked.get(c);
    if (actual !== account) return `the credentials for ${account} act in ${actual}.`;
  }
  return undefined;
}

export async function discoverManySources(
  inputs: WizardInput[],
  reach = reachAll(inputs),
): Promise<{ vault: VaultObserved; sources: SourceObserved[] }> {
  const first = inputs[0]!;
  const d = first.accounts.destination;
  const keyArn = first.encryption.mode === "sse-kms" ? first.encryption.destinationKeyArn : undefined;
  const [destination, destinationKey, sources] = await Promise.all([
    reach.vault ? readBucket(reach.vault.s3, d.bucket, d.accountId) : UNKNOWN,
    keyArn ? (reach.vault ? readKey(reach.vault.kms, keyArn) : UNKNOWN) : undefined,
    Promise.all(
      inputs.map(async (input, i) => {
        const c = reach.source(i);
        const t = discoveryTargets(input);
        const [source, role, sourceKey] = await Promise.all([
          c ? readBucket(c.s3, t.sourceBucket, input.accounts.source.accountId) : UNKNOWN,
          c ? readRole(c.iam, t.roleName) : UNKNOWN,
          t.sourceKeyArn ? (c ? readKey(c.kms, t.sourceKeyArn) : UNKNOWN) : undefined,
        ]);
        return { source, role, ...(sourceKey ? { sourceKey } : {}) } as SourceObserved;
      }),
    ),
  ]);
  return { vault: { destination, ...(destinationKey ? { destinationKey } : {}) }, sources };
}

/** Reads everything and builds the plan now (what Review shows and approval binds). */
export async function planManySources(inputs: WizardInput[], opts: { sharedRole?: boolean } = {}): Promise<ManySourcesPlan> {
  const reach = reachAll(inputs);
  try {
    const { vault, sources } = await discoverManySources(inputs, reach);
    return buildManySourcesPlan(inputs, vault, sources, opts);
  } finally {
    reach.destroy();
  }
}

export type ManyApplyResult = { status: "succeeded"; writes: number } | { status: "refused" | "failed"; message: string; writes: number };

/** The reviewed plan, rebuilt from live state and applied in three phases; every write reported to `onWrite`. */
export async function applyManySources(
  inputs: WizardInput[],
  fingerprint: string,
  opts: { sharedRole?: boolean } & Pick<ExecuteOptions, "backoff" | "onWrite"> = {},
): Promise<ManyApplyResult> {
  const reach = reachAll(inputs);
  let writes = 0;
  const onWrite = (e: WriteEvent) => {
    if (e.result === "ok") writes++;
    opts.onWrite?.(e);
  };
  try {
    const { vault, sources } = await discoverManySources(inputs, reach);
    const plan = buildManySourcesPlan(inputs, vault, sources, { sharedRole: opts.sharedRole });
    if (!plan.applyable)
      return { status: "refused", message: `Nothing was changed: ${plan.errors.map((e) => e.message).join(" ")}`, writes };
    if (plan.fingerprint !== fingerprint)
      return {
        status: "refused",
        message: "Nothing was changed: live state is no longer what the plan was built from. Review the plan again.",
        writes,
      };
    const identity = await identityRefusal(inputs, reach);
    if (identity) return { status: "refused", message: `Nothing was changed: ${identity}`, writes };
    const run = async (changes: Change[], clients: AccountClients) => {
      for (const c of changes) await executeChange(c, clients, { backoff: opts.backoff, onWrite });
    };
    const early = (s: ManySourcesPlan["sources"][number]) => s.changes.filter((c) => c.action !== "PutBucketReplication");
    // Two buckets of one account may share a role: their role changes run one after another.
    for (const [i, s] of plan.sources.entries()) await run(early(s), reach.source(i)!);
    await run(plan.vault, reach.vault!);
    await Promise.all(
      plan.sources.map((s, i) =>
        run(
          s.changes.filter((c) => c.action === "PutBucketReplication"),
          reach.source(i)!,
        ),
      ),
    );
    return { status: "succeeded", writes };
  } catch (err) {
    return {
      status: "failed",
      message: `Stopped: ${err instanceof Error ? err.message : String(err)}. What was written is reported; plan again: the new plan holds only what is still missing.`,
      writes,
    };
  } finally {
    reach.destroy();
  }
}
