import "server-only";
// Pages resolve who is acting the same way server actions do (lib/http/action.ts): the allowed Host,
// then the actor. Use at the top of a server page or route:
//
//   const access = await pageAccess();
//   if (!access.ok) return <AccessRefused message={access.message} />;   // or a 403 Response in a route
//
// `actor` is null for a local user who has not named themselves yet (read-only pages still render).
import { headers } from "next/headers";
import { env } from "../env";
import { IdentityError, currentActor } from "../people";
import type { Actor } from "../store";
import { allowedHosts } from "./gate";

export type PageAccess = { ok: true; actor: Actor | null } | { ok: false; message: string };

export async function pageAccess(): Promise<PageAccess> {
  const host = (await headers()).get("host");
  const hosts = allowedHosts(env());
  if (host !== null && !hosts.includes(host.toLowerCase()))
    return { ok: false, message: `Lockbridge answers only to ${hosts.join(", ")}.` };
  try {
    const a = await currentActor();
    return { ok: true, actor: "needsName" in a ? null : a };
  } catch (err) {
    if (err instanceof IdentityError) return { ok: false, message: err.message };
    throw err;
  }
}
