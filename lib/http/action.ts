import "server-only";
// The one door every server action goes through. Server actions are public HTTP endpoints: anyone who
// can reach the port can call any of them with any arguments, so each export of a "use server" file is
//
//   export const doThing = serverAction({
//     name: "doThing",                 // for messages and the audit log
//     input: someSchema,               // strict zod schema of the argument (z.tuple([...]) for several)
//     permission: "read",              // "name" | "read" | "plan" | "approve" | "apply" (see below)
//     accounts: (data) => data.accounts, // optional: accounts whose credentials the action uses
//     run: async (data, { actor }) => ({ ok: true, ... }),
//   });
//
// and the wrapper, in this order, fails closed at each step:
//   1. Host: when the request has one, it must be an allowed name (scripts/serve.ts refuses others
//      before Next; this repeats it for a server started without serve.ts).
//   2. Parse the argument(s) with the strict schema: a refusal names the fields (the form's own paths).
//   3. Resolve who is acting (lib/people): no actor, no action. A local user without a name gets
//      `needsName`; in proxy-header mode an untrusted peer or a bad header is refused.
//   4. Permission: "apply" needs LOCKBRIDGE_APPLIERS, "approve" LOCKBRIDGE_APPROVERS; "name" is the
//      one action that runs without an actor (it is how a local user gets one).
//   5. Accounts: each account reached with the server's credentials must be in
//      LOCKBRIDGE_ALLOWED_ACCOUNTS and its role match LOCKBRIDGE_ALLOWED_ROLE_ARNS (field-level refusal).
//   6. "apply" only: the audit store must be open before any write (no audit, no write), and `approval`
//      (when given) must pass: with LOCKBRIDGE_REQUIRE_APPROVAL every AWS write needs a saved plan
//      approved by someone else (lib/people/approval.ts).
//   7. Run. The actor is handed to `run`, which must name it on every audit row it writes. Anything
//      thrown becomes a message (userMessage); nothing is thrown at the client.
// Results are ActionResult<T> (lib/http/result.ts) or an action's own `{ ok, ... }` union.
import { headers } from "next/headers";
import type { z } from "zod";
import { env } from "../env";
import { IdentityError, currentActor } from "../people";
import { fieldErrorsOf } from "../schema/errors";
import { LifecycleError, StoreError, getStore, scrubString, type Actor } from "../store";
import { allowedHosts } from "./gate";
import { accountRefusals, type AccountsLike } from "../workflow/allowed";
import { refusal, type ActionFailure } from "./result";

export type Permission = "name" | "read" | "plan" | "approve" | "apply";

/** Accounts as the wizard input holds them; only those reached with credentials are checked. */

/** `raw` is the argument as the client sent it, before parsing (for checks on fields the parse strips, e.g. confirmations). */
export type ActionContext = { actor: Actor; raw: unknown };

/** Any zod 4 schema: classic zod here, zod/mini in lib/schema (the browser's forms load that one). */
type Schema = z.core.$ZodType & { safeParse(data: unknown): z.core.util.SafeParseResult<unknown> };

export type ActionSpec<S extends Schema, R extends { ok: boolean }> = {
  name: string;
  input: S;
  permission: Permission;
  /** The message of a refusal for invalid input (the fields are listed too). */
  invalidMessage?: string;
  /** The accounts the input reaches. `oneAccount`: a form of one account (fields without a side). */
  accounts?: (data: z.output<S>) => { accounts: AccountsLike; prefix: string; oneAccount?: boolean } | undefined;
  /** "apply" actions: why this write may not run yet (approval missing), or undefined. */
  approval?: (data: z.output<S>, ctx: ActionContext) => Promise<string | undefined>;
  run: (data: z.output<S>, ctx: ActionContext) => Promise<R>;
};

/** Every server action registered in this process, by name, with its permission (tests list them). */
const registry = ((globalThis as { __lockbridgeActions?: Map<string, Permission> }).__lockbridgeActions ??= new Map());
export const registeredActions = (): ReadonlyMap<string, Permission> => registry;

/** The one way an error becomes a message for the page. Known refusals say what to do; anything else is labelled. */
export function userMessage(err: unknown): string {
  if (err instanceof LifecycleError || err instanceof IdentityError || err instanceof StoreError || err instanceof AccessError)
    return err.message;
  const e = err as { name?: string; Code?: string; message?: string };
  const code = e?.Code ?? (e?.name && e.name !== "Error" ? e.name : undefined);
  const text = typeof e?.message === "string" && e.message ? e.message : String(err);
  // An AWS error text can quote the signed request (an access key ID, a session token): never to the page.
  return scrubString(`Something went wrong: ${code ? `${code}: ` : ""}${text}`).value;
}

/**
 * The free-text message of a result passes through the credential scrubber: actions quote AWS error texts
 * ("Could not read the canary: …"), which can quote a signed request. Documents are left as they are.
 */
function withoutSecretsInMessage<R>(r: R): R {
  if (typeof r !== "object" || r === null || !("message" in r) || typeof r.message !== "string") return r;
  const clean = scrubString(r.message);
  return clean.changed ? { ...r, message: clean.value } : r;
}

/** A refusal raised inside `run` that should reach the page as-is. */
export class AccessError extends Error {
  override name = "AccessError";
}

export { accountRefusals };

function allowed(list: "*" | string[], actor: Actor): boolean {
  return list === "*" || list.includes(actor.name);
}

async function hostRefusal(): Promise<string | undefined> {
  let host: string | null = null;
  try {
    host = (await headers()).get("host");
  } catch {
    return undefined; // called outside a request (tests call actions as functions)
  }
  if (host === null) return undefined;
  const hosts = allowedHosts(env());
  return hosts.includes(host.toLowerCase()) ? undefined : `Refused: Lockbridge answers only to ${hosts.join(", ")}.`;
}

/** Wraps one server action (see the top of this file). */
export function serverAction<S extends Schema, R extends { ok: boolean }>(
  spec: ActionSpec<S, R>,
): (...args: unknown[]) => Promise<R | ActionFailure> {
  registry.set(spec.name, spec.permission);
  const type = (spec.input as { def?: { type?: string } }).def?.type;
  const isTuple = type === "tuple";
  const isValue = type === "string" || type === "number" || type === "boolean";
  return async (...args: unknown[]) => {
    try {
      const host = await hostRefusal();
      if (host) return refusal(host);
      if (!isTuple && args.length > 1) return refusal(`${spec.name} takes one argument.`);
      const parsed = spec.input.safeParse(isTuple ? args : args[0]);
      if (!parsed.success) {
        const fieldErrors = fieldErrorsOf(parsed.error);
        // A tuple's paths start with the argument's index; the forms know the fields without it.
        const named = isTuple
          ? Object.fromEntries(Object.entries(fieldErrors).map(([k, v]) => [k.replace(/^\d+\.?/, "") || "_form", v]))
          : fieldErrors;
        // An argument that is one value (an id), not a form: its message is the refusal.
        if (isValue && named._form) return refusal(named._form);
        return refusal(spec.invalidMessage ?? "Some fields are not valid.", { fieldErrors: named });
      }
      const data = parsed.data as z.output<S>;
      const raw: unknown = isTuple ? args : args[0];
      if (spec.permission === "name") return await spec.run(data, { actor: { name: "", source: "local" }, raw });

      const resolved = await currentActor();
      // Local mode: a name is a label, not authentication, so reading (Connect, live state, progress)
      // does not wait for one; anything that changes a plan or AWS does. In proxy-header mode an
      // actor always exists here, or currentActor threw.
      let actor: Actor;
      if (!("needsName" in resolved)) actor = resolved;
      else if (spec.permission === "read") actor = { name: "unnamed local user", source: "local" };
      else {
        return refusal("Tell Lockbridge your name first (Your name, in the header): every change and review records who did it.", {
          needsName: true,
          fieldErrors: { person: "Tell Lockbridge your name first: the audit log records who acts." },
        });
      }
      const config = env();
      if (spec.permission === "apply" && !allowed(config.appliers, actor)) {
        return refusal(`${actor.name} may not make changes in AWS through Lockbridge (LOCKBRIDGE_APPLIERS).`);
      }
      if (spec.permission === "approve" && !allowed(config.approvers, actor)) {
        return refusal(`${actor.name} may not approve plans (LOCKBRIDGE_APPROVERS).`);
      }
      const acc = spec.accounts?.(data);
      if (acc) {
        const refused = accountRefusals(acc.accounts, acc.prefix);
        const fieldErrors = acc.oneAccount
          ? Object.fromEntries(Object.entries(refused).map(([k, v]) => [k.replace(/(^|\.)(source|destination)\./, "$1"), v]))
          : refused;
        if (Object.keys(fieldErrors).length > 0)
          return refusal("This Lockbridge is not allowed to use its credentials there.", { fieldErrors });
      }
      const ctx = { actor, raw };
      if (spec.permission === "apply") {
        // Opening the store proves the audit log can be written before AWS is touched.
        getStore();
        // Fail closed: a write action that cannot say whether it is approved does not run when approval is required.
        const missing = spec.approval
          ? await spec.approval(data, ctx)
          : config.requireApproval
            ? "Approval is required for every change on this server (LOCKBRIDGE_REQUIRE_APPROVAL)."
            : undefined;
        if (missing) return refusal(missing);
      }
      return withoutSecretsInMessage(await spec.run(data, ctx));
    } catch (err) {
      return refusal(userMessage(err));
    }
  };
}
