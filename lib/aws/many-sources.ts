import "server-only";
// Several sources into one vault: reach and read every source and the vault with their own access. The
// plan is built and applied in lib/workflow/many.ts (approval, run registry, document queue, audit): there
// is no write path here.
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import type { SourceObserved, VaultObserved } from "@/lib/plan/onboard";
import { discoveryTargets } from "@/lib/plan/observed";
import type { WizardInput } from "@/lib/schema/wizard";
import { type AccountClients, clientsFor } from "./clients";
import { accessOf } from "./connect";
import { readBucket, readKey, readRole } from "./discover";

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
