import "server-only";
// Per-account SDK clients for one discover/apply run, with an optional hook on every AWS call. The hook
// is how tests and the benchmark count write calls and measure the critical path against the real
// emulator (no SDK mocks), and how the benchmark serializes every call for its sequential figure.
import type { AccountSide } from "@/lib/plan/types";
import type { WizardInput } from "@/lib/schema/wizard";
import { type AccountClients, clientsFor } from "./clients";
import { accessOf } from "./connect";

type WizardSides = Pick<WizardInput, "accounts">;

export type AwsCallInfo = { account: AccountSide; service: string; command: string; write: boolean };
export type AwsCall = AwsCallInfo & { startedAt: number; endedAt: number; ok: boolean; requestId?: string; code?: string };

export type CallHooks = {
  /** Awaited before the call is sent (a mutex here serializes every call). */
  before?: (info: AwsCallInfo) => Promise<void> | void;
  /** After the response or the error, with the AWS request ID. */
  after?: (call: AwsCall) => void;
};

/** Clients per reachable account; a plan-only account has none. */
export type SideClients = Partial<Record<AccountSide, AccountClients>>;

const READ = /^(Get|List|Head|Describe)/;
/** "Write" = anything that is not a Get/List/Head/Describe (GetCallerIdentity is a read). */
export const isWriteCommand = (command: string) => !READ.test(command.replace(/Command$/, ""));

type Stack = { add: (mw: unknown, opts: { step: "initialize"; name: string; override?: boolean }) => void };

function instrument(account: AccountSide, service: string, client: { middlewareStack: unknown }, hooks: CallHooks): void {
  const middleware =
    (next: (args: unknown) => Promise<{ output?: { $metadata?: { requestId?: string } } }>, context: { commandName?: string }) =>
    async (args: unknown) => {
      const command = (context.commandName ?? "Unknown").replace(/Command$/, "");
      const info: AwsCallInfo = { account, service, command, write: isWriteCommand(command) };
      await hooks.before?.(info);
      const startedAt = performance.now();
      try {
        const result = await next(args);
        hooks.after?.({ ...info, startedAt, endedAt: performance.now(), ok: true, requestId: result.output?.$metadata?.requestId });
        return result;
      } catch (err) {
        const e = err as { name?: string; $metadata?: { requestId?: string } };
        hooks.after?.({ ...info, startedAt, endedAt: performance.now(), ok: false, requestId: e.$metadata?.requestId, code: e.name });
        throw err;
      }
    };
  (client.middlewareStack as Stack).add(middleware, { step: "initialize", name: "lockbridgeCallHooks", override: true });
}

/** Clients for one account, acting through the access the user chose, optionally instrumented. */
export function accountClients(
  account: AccountSide,
  access: Parameters<typeof clientsFor>[0],
  region: string,
  hooks?: CallHooks,
): AccountClients {
  const clients = clientsFor(access, region, `apply-${account}`);
  if (hooks) for (const [service, client] of Object.entries(clients)) instrument(account, service, client, hooks);
  return clients;
}

/** Clients for every account the wizard input can reach (plan-only accounts are left out). */
export function sideClients(input: WizardSides, hooks?: CallHooks): SideClients {
  const out: SideClients = {};
  for (const side of ["source", "destination"] as const) {
    const access = accessOf(input.accounts[side]);
    if (access) out[side] = accountClients(side, access, input.accounts[side].region, hooks);
  }
  return out;
}

export function destroyClients(clients: SideClients): void {
  for (const c of Object.values(clients)) for (const client of Object.values(c ?? {})) client.destroy();
}
