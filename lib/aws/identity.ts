import "server-only";
// Before any write: prove each reachable account's credentials act in the account the user typed
// (a role ARN pointing elsewhere, or server credentials of another account, must never write).
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import type { WizardInput } from "@/lib/schema/wizard";
import { toFailure } from "./errors";
import type { SideClients } from "./session";

/** Problems in plain words; empty when every reachable account is the typed one. */
export async function identityProblems(input: WizardInput, clients: SideClients): Promise<string[]> {
  const checks = (["source", "destination"] as const).map(async (side) => {
    const c = clients[side];
    if (!c) return undefined;
    const typed = input.accounts[side].accountId;
    try {
      const who = await c.sts.send(new GetCallerIdentityCommand({}));
      return who.Account === typed ? undefined : `The ${side} credentials act in account ${who.Account} (${who.Arn}), not ${typed}.`;
    } catch (err) {
      const f = toFailure(err);
      return `Could not reach the ${side} account ${typed}: ${f.code}: ${f.message}`;
    }
  });
  return (await Promise.all(checks)).filter((p): p is string => p !== undefined);
}
