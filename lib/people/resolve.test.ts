// Who is acting: local user from a cookie; proxy header believed only when configured and only from
// the trusted proxy address(es).
import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import type { IdentityConfig } from "../env";
import { validateActorName } from "./names";
import { PEER_ADDRESS_HEADER, stampPeerAddress, verifiedPeerAddress } from "./peer";
import { IdentityError, LOCAL_USER_COOKIE, isTrustedProxy, resolveActor } from "./resolve";

const headers = (h: Record<string, string> = {}) => new Headers(h);
const cookies = (c: Record<string, string> = {}) => ({ get: (n: string) => (n in c ? { name: n, value: c[n]! } : undefined) });

const local: IdentityConfig = { mode: "local" };
const proxy: IdentityConfig = { mode: "proxy-header", header: "x-forwarded-email", trustedProxies: ["127.0.0.1", "10.1.0.0/16", "::1"] };

function identityError(fn: () => unknown): IdentityError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(IdentityError);
    return e as IdentityError;
  }
  throw new Error("expected an IdentityError");
}

describe("local user", () => {
  it("asks for a name until the cookie is set, then uses it", () => {
    expect(resolveActor(headers(), cookies(), "127.0.0.1", local)).toEqual({ needsName: true });
    expect(resolveActor(headers(), cookies({ [LOCAL_USER_COOKIE]: encodeURIComponent("Zoë Müller") }), undefined, local)).toEqual({
      name: "Zoë Müller",
      source: "local",
    });
  });

  it("ignores an identity header: it is not configured", () => {
    const forged = headers({ "X-Forwarded-Email": "boss@example.com" });
    expect(resolveActor(forged, cookies(), "127.0.0.1", local)).toEqual({ needsName: true });
    expect(resolveActor(forged, cookies({ [LOCAL_USER_COOKIE]: "alice" }), "127.0.0.1", local)).toEqual({ name: "alice", source: "local" });
  });

  it("treats a malformed or invalid cookie as no name", () => {
    expect(resolveActor(headers(), cookies({ [LOCAL_USER_COOKIE]: "%E0%A4%A" }), undefined, local)).toEqual({ needsName: true });
    expect(resolveActor(headers(), cookies({ [LOCAL_USER_COOKIE]: encodeURIComponent("a\nb") }), undefined, local)).toEqual({
      needsName: true,
    });
    expect(resolveActor(headers(), cookies({ [LOCAL_USER_COOKIE]: "x".repeat(129) }), undefined, local)).toEqual({ needsName: true });
  });
});

describe("proxy header", () => {
  it("believes the header from a trusted proxy address (also IPv4-mapped IPv6 and CIDR ranges)", () => {
    const h = headers({ "X-Forwarded-Email": "carol@example.com" });
    for (const addr of ["127.0.0.1", "::ffff:127.0.0.1", "10.1.200.3", "::1"]) {
      expect(resolveActor(h, cookies(), addr, proxy)).toEqual({ name: "carol@example.com", source: "proxy-header" });
    }
  });

  it("refuses a request from any other address, even with the header and a local cookie", () => {
    const h = headers({ "X-Forwarded-Email": "boss@example.com" });
    const e = identityError(() => resolveActor(h, cookies({ [LOCAL_USER_COOKIE]: "alice" }), "203.0.113.9", proxy));
    expect(e.code).toBe("untrusted-proxy");
    expect(e.message).toMatch(/203\.0\.113\.9, which is not the sign-in proxy/);
    expect(identityError(() => resolveActor(h, cookies(), "10.2.0.1", proxy)).code).toBe("untrusted-proxy");
  });

  it("refuses when the peer address is unknown, the header is missing, or the name is unusable", () => {
    expect(identityError(() => resolveActor(headers({ "x-forwarded-email": "a@b" }), cookies(), undefined, proxy)).code).toBe(
      "no-peer-address",
    );
    expect(identityError(() => resolveActor(headers(), cookies({ [LOCAL_USER_COOKIE]: "alice" }), "127.0.0.1", proxy)).code).toBe(
      "missing-header",
    );
    expect(identityError(() => resolveActor(headers({ "x-forwarded-email": "x".repeat(200) }), cookies(), "127.0.0.1", proxy)).code).toBe(
      "invalid-name",
    );
  });

  it("refuses a header sent twice (joined with a comma), holding a comma or a control character", () => {
    // Headers joins repeated fields with ", ": a client-sent copy next to the proxy's never passes.
    const twice = new Headers();
    twice.append("x-forwarded-email", "carol@example.com");
    twice.append("x-forwarded-email", "boss@example.com");
    for (const h of [
      twice,
      headers({ "x-forwarded-email": "boss@example.com,carol@example.com" }),
      headers({ "x-forwarded-email": "carol\u0007@example.com" }),
    ]) {
      const e = identityError(() => resolveActor(h, cookies(), "127.0.0.1", proxy));
      expect(e.code).toBe("invalid-name");
      expect(e.message).toMatch(/comma|control characters|not a usable name/);
    }
  });

  it("matches addresses exactly and ranges by prefix", () => {
    expect(isTrustedProxy("127.0.0.2", ["127.0.0.1"])).toBe(false);
    expect(isTrustedProxy("10.0.0.1", ["10.0.0.0/8"])).toBe(true);
    expect(isTrustedProxy("fe80::1%eth0", ["fe80::/10"])).toBe(true);
    expect(isTrustedProxy("not-an-ip", ["127.0.0.1"])).toBe(false);
  });
});

describe("peer address stamp", () => {
  const request = (remoteAddress: string | undefined, h: Record<string, string> = {}) =>
    ({ headers: { ...h }, socket: { remoteAddress } }) as unknown as IncomingMessage;

  it("replaces a client-sent stamp with the socket address, and only a stamp made here verifies", () => {
    const forged = "127.0.0.1 c2lnbmF0dXJl";
    expect(verifiedPeerAddress(forged)).toBeUndefined();
    const req = request("198.51.100.7", { [PEER_ADDRESS_HEADER]: forged });
    stampPeerAddress(req);
    const stamped = req.headers[PEER_ADDRESS_HEADER] as string;
    expect(stamped.startsWith("198.51.100.7 ")).toBe(true);
    expect(verifiedPeerAddress(stamped)).toBe("198.51.100.7");
    expect(verifiedPeerAddress(forged)).toBeUndefined();
    expect(verifiedPeerAddress(stamped.replace("198.51.100.7", "127.0.0.1"))).toBeUndefined();
  });
});

describe("names", () => {
  it.each([
    ["alice", true],
    ["  Bob Smith  ", true],
    ["名前", true],
    ["", false],
    ["   ", false],
    ["x".repeat(128), true],
    ["x".repeat(129), false],
    ["a\u0000b", false],
    ["a\tb", false],
    ["a\u202eb", false],
  ])("%j → valid %s", (name, ok) => {
    expect(validateActorName(name).ok).toBe(ok);
  });
  it("trims", () => expect(validateActorName("  Bob  ")).toEqual({ ok: true, name: "Bob" }));
  it("rejects a non-string", () => expect(validateActorName(42).ok).toBe(false));
});
