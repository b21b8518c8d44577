// No "server-only" marker: the custom server (scripts/serve.ts) imports this file directly, outside the
// Next bundle, and checks every request with it BEFORE Next sees it.
//
// Why a gate in front of Next: Lockbridge holds credentials that rewrite IAM, bucket and key policies.
// - DNS rebinding: a web page the operator visits can point its own name at 127.0.0.1 and drive the
//   wizard. Its requests carry `Host: attacker.example`, so only names this server is meant to be
//   reached by are answered (the bind address, localhost, LOCKBRIDGE_PUBLIC_ORIGIN).
// - Cross-site posts: Next compares Origin with Host, and a rebinding attacker controls both. Here every
//   request that can change something (anything but GET/HEAD/OPTIONS) must carry an allowed Origin.
// - proxy-header identity: any client can send the identity header, so in that mode every request whose
//   socket peer is not the trusted proxy is refused, on every route, and the header itself must be one
//   clean value (a comma, a control character or a second copy means it was forged or concatenated).
import type { IncomingMessage } from "node:http";
import type { Env } from "../env";
import { identityHeaderProblem } from "../people/names";
import { isTrustedProxy, normalizeAddress } from "../people/trust";

export type GateResult = { ok: true } | { ok: false; status: 403 | 421; reason: string };

const bracket = (host: string) => (host.includes(":") && !host.startsWith("[") ? `[${host}]` : host);

/** Host header values (lower case, with port) this server answers to. */
export function allowedHosts(config: Pick<Env, "host" | "port" | "publicOrigin">): string[] {
  const hosts = new Set([`${bracket(config.host)}:${config.port}`.toLowerCase(), `localhost:${config.port}`]);
  if (config.publicOrigin) hosts.add(new URL(config.publicOrigin).host.toLowerCase());
  return [...hosts];
}

/** Origins allowed to post (server actions): the same names, over http, plus the public origin as given. */
export function allowedOrigins(config: Pick<Env, "host" | "port" | "publicOrigin">): string[] {
  const origins = new Set([`http://${bracket(config.host)}:${config.port}`.toLowerCase(), `http://localhost:${config.port}`]);
  if (config.publicOrigin) origins.add(config.publicOrigin.toLowerCase());
  return [...origins];
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Every value sent for a header (Node joins or drops repeats in `req.headers`; rawHeaders keeps them). */
function headerValues(rawHeaders: string[], name: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) if (rawHeaders[i]!.toLowerCase() === name) out.push(rawHeaders[i + 1]!);
  return out;
}
const headerCount = (rawHeaders: string[], name: string) => headerValues(rawHeaders, name).length;

type GateRequest = Pick<IncomingMessage, "method" | "headers" | "rawHeaders"> & { socket: { remoteAddress?: string } };

export function gateRequest(req: GateRequest, config: Env): GateResult {
  const host = (req.headers.host ?? "").toLowerCase();
  const hosts = allowedHosts(config);
  if (headerCount(req.rawHeaders, "host") !== 1 || !hosts.includes(host)) {
    return {
      ok: false,
      status: 421,
      reason: `Lockbridge answers only to ${hosts.join(", ")}; this request was for "${host.slice(0, 100)}". If people reach Lockbridge by another name, set LOCKBRIDGE_PUBLIC_ORIGIN.`,
    };
  }
  if (!SAFE_METHODS.has((req.method ?? "GET").toUpperCase())) {
    const origin = typeof req.headers.origin === "string" ? req.headers.origin.toLowerCase() : "";
    if (headerCount(req.rawHeaders, "origin") !== 1 || !allowedOrigins(config).includes(origin)) {
      return {
        ok: false,
        status: 403,
        reason: `Refused: a ${req.method} request must come from a Lockbridge page (Origin ${allowedOrigins(config).join(" or ")}); this one came from "${origin.slice(0, 100) || "no origin"}".`,
      };
    }
  }
  const identity = config.identity;
  if (identity.mode === "proxy-header") {
    const peer = req.socket.remoteAddress;
    if (!peer || !isTrustedProxy(peer, identity.trustedProxies)) {
      return {
        ok: false,
        status: 403,
        reason: `Refused: this request came from ${peer ? normalizeAddress(peer) : "an unknown address"}, which is not the sign-in proxy (LOCKBRIDGE_TRUSTED_PROXY). Open Lockbridge through the proxy.`,
      };
    }
    const values = headerValues(req.rawHeaders, identity.header);
    const problem = identityHeaderProblem(identity.header, values);
    if (problem) return { ok: false, status: 403, reason: `Refused: ${problem}` };
  }
  return { ok: true };
}
