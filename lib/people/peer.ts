// No "server-only" marker: the custom server imports this file directly, outside the Next bundle.
// The address a request came from, which Next.js does not expose to pages and server actions (and
// whose X-Forwarded-For any client can forge). A small custom HTTP server in front of Next calls
// stampPeerAddress(req) for every request: it replaces any client-sent header with the socket's
// address, signed with a key that exists only in this process. A forged or plain-`next start`
// header never verifies, so proxy-header identity fails closed. The key lives on globalThis under a
// registered symbol, so the server's copy of this module and the Next bundle's copy share it.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

export const PEER_ADDRESS_HEADER = "x-lockbridge-peer-address";

const KEY = Symbol.for("lockbridge.peer-address-key");
type Holder = { [KEY]?: Buffer };
const holder = globalThis as Holder;

const sign = (key: Buffer, address: string) => createHmac("sha256", key).update(address).digest("base64url");

/** For the custom server: call before handing the request to Next. */
export function stampPeerAddress(req: IncomingMessage): void {
  const key = (holder[KEY] ??= randomBytes(32));
  delete req.headers[PEER_ADDRESS_HEADER];
  const address = req.socket.remoteAddress;
  if (address) req.headers[PEER_ADDRESS_HEADER] = `${address} ${sign(key, address)}`;
}

/** The stamped address if its signature verifies in this process, else undefined. */
export function verifiedPeerAddress(headerValue: string | null | undefined): string | undefined {
  const key = holder[KEY];
  if (!key || !headerValue) return undefined;
  const [address, signature, extra] = headerValue.split(" ");
  if (!address || !signature || extra !== undefined) return undefined;
  const expected = Buffer.from(sign(key, address));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? address : undefined;
}
