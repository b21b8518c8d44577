// The request gate of scripts/serve.ts: what it answers for Host, Origin and proxy-header identity.
import { describe, expect, it } from "vitest";
import { parseEnv } from "../env";
import { allowedHosts, allowedOrigins, gateRequest } from "./gate";

function req(o: { method?: string; headers?: [string, string][]; peer?: string }) {
  const raw = (o.headers ?? [["Host", "127.0.0.1:3000"]]).flat();
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of o.headers ?? [["Host", "127.0.0.1:3000"]]) {
    const key = k.toLowerCase();
    // As Node does: most repeated headers keep the first value (host, origin), others are joined.
    headers[key] = headers[key] === undefined ? v : key === "host" || key === "origin" ? headers[key]! : `${headers[key]}, ${v}`;
  }
  return { method: o.method ?? "GET", headers, rawHeaders: raw, socket: { remoteAddress: o.peer ?? "127.0.0.1" } };
}

const local = parseEnv({ LOCKBRIDGE_PORT: "3000" });
const behindProxy = parseEnv({
  LOCKBRIDGE_PORT: "3000",
  LOCKBRIDGE_IDENTITY: "proxy-header",
  LOCKBRIDGE_TRUSTED_PROXY: "10.0.0.5",
  LOCKBRIDGE_PUBLIC_ORIGIN: "https://lockbridge.example.com",
});

describe("Host and Origin allowlist", () => {
  it("lists the bind address, localhost and the public origin", () => {
    expect(allowedHosts(local)).toEqual(["127.0.0.1:3000", "localhost:3000"]);
    expect(allowedHosts(behindProxy)).toEqual(["127.0.0.1:3000", "localhost:3000", "lockbridge.example.com"]);
    expect(allowedOrigins(behindProxy)).toEqual(["http://127.0.0.1:3000", "http://localhost:3000", "https://lockbridge.example.com"]);
    expect(allowedHosts(parseEnv({ LOCKBRIDGE_HOST: "::1", LOCKBRIDGE_PORT: "8080" }))).toEqual(["[::1]:8080", "localhost:8080"]);
  });

  it("answers its own names and refuses a rebound or missing Host with 421", () => {
    expect(gateRequest(req({}), local)).toEqual({ ok: true });
    expect(gateRequest(req({ headers: [["Host", "LOCALHOST:3000"]] }), local)).toEqual({ ok: true });
    for (const host of ["rebind.example:3000", "127.0.0.1:3001", "127.0.0.1", "attacker.example"]) {
      const r = gateRequest(req({ headers: [["Host", host]] }), local);
      expect(r, host).toMatchObject({
        ok: false,
        status: 421,
        reason: expect.stringContaining("answers only to 127.0.0.1:3000, localhost:3000"),
      });
    }
    expect(gateRequest(req({ headers: [] }), local)).toMatchObject({ ok: false, status: 421 });
    expect(
      gateRequest(
        req({
          headers: [
            ["Host", "127.0.0.1:3000"],
            ["Host", "rebind.example:3000"],
          ],
        }),
        local,
      ),
    ).toMatchObject({ ok: false, status: 421 });
  });

  it("refuses a POST without an allowed Origin with 403; reads need none", () => {
    const post = (origin?: string) =>
      req({ method: "POST", headers: [["Host", "127.0.0.1:3000"], ...(origin ? [["Origin", origin] as [string, string]] : [])] });
    expect(gateRequest(post("http://127.0.0.1:3000"), local)).toEqual({ ok: true });
    expect(gateRequest(post("http://localhost:3000"), local)).toEqual({ ok: true });
    for (const origin of ["https://evil.example", "http://rebind.example:3000", "null", "https://127.0.0.1:3000"]) {
      expect(gateRequest(post(origin), local), origin).toMatchObject({ ok: false, status: 403 });
    }
    expect(gateRequest(post(), local)).toMatchObject({ ok: false, status: 403, reason: expect.stringContaining("no origin") });
  });
});

describe("proxy-header mode", () => {
  const through = (headers: [string, string][], peer = "10.0.0.5") =>
    req({ headers: [["Host", "lockbridge.example.com"], ...headers], peer });

  it("serves the trusted proxy's requests that carry one clean identity", () => {
    expect(gateRequest(through([["X-Forwarded-Email", "carol@example.com"]]), behindProxy)).toEqual({ ok: true });
    expect(gateRequest(through([["X-Forwarded-Email", "carol@example.com"]], "::ffff:10.0.0.5"), behindProxy)).toEqual({ ok: true });
  });

  it("refuses any other peer, on every route, header or not", () => {
    for (const peer of ["127.0.0.1", "10.0.0.6", "::1"]) {
      expect(gateRequest(through([["X-Forwarded-Email", "carol@example.com"]], peer), behindProxy), peer).toMatchObject({
        ok: false,
        status: 403,
        reason: expect.stringContaining("not the sign-in proxy"),
      });
    }
  });

  it.each([
    ["missing", [] as [string, string][], /did not send/],
    [
      "sent twice",
      [
        ["X-Forwarded-Email", "carol@example.com"],
        ["x-forwarded-email", "boss@example.com"],
      ] as [string, string][],
      /more than once/,
    ],
    ["with a comma", [["X-Forwarded-Email", "boss@example.com,carol@example.com"]] as [string, string][], /comma/],
    ["with a control character", [["X-Forwarded-Email", "carol\u0007@example.com"]] as [string, string][], /control characters/],
    ["empty", [["X-Forwarded-Email", "  "]] as [string, string][], /did not send/],
  ])("refuses an identity header %s", (_name, headers, reason) => {
    expect(gateRequest(through(headers), behindProxy)).toMatchObject({ ok: false, status: 403, reason: expect.stringMatching(reason) });
  });
});
