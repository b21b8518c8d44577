import "server-only";
// The actor of the current request, for server pages and actions.
import { cookies, headers } from "next/headers";
import { PEER_ADDRESS_HEADER, verifiedPeerAddress } from "./peer";
import { resolveActor, type ResolvedActor } from "./resolve";

export async function currentActor(): Promise<ResolvedActor> {
  const h = await headers();
  return resolveActor(h, await cookies(), verifiedPeerAddress(h.get(PEER_ADDRESS_HEADER)));
}

/** The acting person, or null when a local user still has to give their name (show the name form). */
export async function actorOrNull() {
  const a = await currentActor();
  return "needsName" in a ? null : a;
}
