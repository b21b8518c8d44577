import "server-only";
// Who is acting. Two sources, chosen by LOCKBRIDGE_IDENTITY:
// - local (default): one person at a time on a trusted machine, named once in a cookie. This is a
//   label for history and four-eyes, not authentication: anyone who reaches the server can pick a name.
// - proxy-header: an authenticating reverse proxy (oauth2-proxy, an IAP…) sets a header with the user.
//   The header is believed only from the configured proxy address(es); from anywhere else the request
//   is refused, because any client can send that header.
import { env, type IdentityConfig } from "../env";
import type { Actor } from "../store/types";
import { identityHeaderProblem, validateActorName } from "./names";
import { isTrustedProxy, normalizeAddress } from "./trust";

export { isTrustedProxy, normalizeAddress };

export const LOCAL_USER_COOKIE = "lockbridge-user";

export type HeaderSource = { get(name: string): string | null };
export type CookieSource = { get(name: string): { value: string } | undefined };
export type ResolvedActor = Actor | { needsName: true };

export type IdentityErrorCode = "no-peer-address" | "untrusted-proxy" | "missing-header" | "invalid-name";

export class IdentityError extends Error {
  override name = "IdentityError";
  constructor(
    readonly code: IdentityErrorCode,
    message: string,
  ) {
    super(message);
  }
}

function localUser(cookies: CookieSource): ResolvedActor {
  const raw = cookies.get(LOCAL_USER_COOKIE)?.value;
  if (!raw) return { needsName: true };
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return { needsName: true };
  }
  const check = validateActorName(decoded);
  return check.ok ? { name: check.name, source: "local" } : { needsName: true };
}

/**
 * The person behind a request, `{ needsName: true }` when a local user has not named themselves yet.
 * Throws IdentityError when proxy-header identity is configured and the request cannot be trusted.
 */
export function resolveActor(
  headers: HeaderSource,
  cookies: CookieSource,
  remoteAddress: string | undefined,
  config: IdentityConfig = env().identity,
): ResolvedActor {
  // Local mode never reads an identity header: a forged X-Forwarded-Email means nothing here.
  if (config.mode === "local") return localUser(cookies);

  if (!remoteAddress) {
    throw new IdentityError(
      "no-peer-address",
      "Lockbridge cannot see which address this request came from, so it cannot check that the sign-in proxy sent it. Run Lockbridge with its server wrapper (it stamps the peer address), or use LOCKBRIDGE_IDENTITY=local.",
    );
  }
  if (!isTrustedProxy(remoteAddress, config.trustedProxies)) {
    throw new IdentityError(
      "untrusted-proxy",
      `This request came from ${normalizeAddress(remoteAddress)}, which is not the sign-in proxy (LOCKBRIDGE_TRUSTED_PROXY). Open Lockbridge through the proxy's address.`,
    );
  }
  const value = headers.get(config.header);
  if (value === null || value.trim() === "") {
    throw new IdentityError(
      "missing-header",
      `The sign-in proxy did not send the ${config.header} header, so Lockbridge cannot tell who you are. Check the proxy's configuration.`,
    );
  }
  // Headers.get joins repeated headers with ", ": the comma check also refuses a header sent twice.
  const problem = identityHeaderProblem(config.header, [value]);
  if (problem) throw new IdentityError("invalid-name", problem);
  const check = validateActorName(value);
  if (!check.ok)
    throw new IdentityError("invalid-name", `The ${config.header} header from the sign-in proxy is not a usable name: ${check.error}`);
  return { name: check.name, source: "proxy-header" };
}
