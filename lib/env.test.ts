import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

describe("parseEnv", () => {
  it("defaults to loopback:3000, no endpoint, not sandbox", () => {
    const e = parseEnv({});
    expect(e).toMatchObject({ host: "127.0.0.1", port: 3000, endpoint: undefined, sandbox: false, defaultRegion: "us-east-1" });
  });

  it("turns sandbox on when an endpoint is set, unless told otherwise", () => {
    expect(parseEnv({ AWS_ENDPOINT_URL: "http://127.0.0.1:5000" }).sandbox).toBe(true);
    expect(parseEnv({ AWS_ENDPOINT_URL: "http://127.0.0.1:5000", LOCKBRIDGE_SANDBOX: "0" }).sandbox).toBe(false);
  });

  it("prefers AWS_REGION over AWS_DEFAULT_REGION", () => {
    expect(parseEnv({ AWS_REGION: "eu-west-1", AWS_DEFAULT_REGION: "us-west-2" }).defaultRegion).toBe("eu-west-1");
  });

  it.each([
    [{ LOCKBRIDGE_PORT: "http" }, "LOCKBRIDGE_PORT"],
    [{ LOCKBRIDGE_PORT: "70000" }, "LOCKBRIDGE_PORT: must be 1-65535"],
    [{ AWS_ENDPOINT_URL: "not a url" }, "AWS_ENDPOINT_URL: must be a URL"],
    [{ LOCKBRIDGE_SANDBOX: "maybe" }, "LOCKBRIDGE_SANDBOX"],
    [{ LOCKBRIDGE_HOST: "127.0.0.1; rm -rf /" }, "LOCKBRIDGE_HOST: must be a host name"],
    [{ AWS_REGION: "Europe" }, "AWS_REGION: must be a Region code"],
    [{ LOCKBRIDGE_IDENTITY: "oidc" }, "LOCKBRIDGE_IDENTITY"],
    [{ LOCKBRIDGE_IDENTITY: "proxy-header" }, "LOCKBRIDGE_TRUSTED_PROXY: is required when LOCKBRIDGE_IDENTITY=proxy-header"],
    [{ LOCKBRIDGE_IDENTITY: "proxy-header", LOCKBRIDGE_TRUSTED_PROXY: " , " }, "LOCKBRIDGE_TRUSTED_PROXY: is required"],
    [{ LOCKBRIDGE_IDENTITY: "proxy-header", LOCKBRIDGE_TRUSTED_PROXY: "proxy.internal" }, "LOCKBRIDGE_TRUSTED_PROXY: \"proxy.internal\" is not an IP address"],
    [{ LOCKBRIDGE_IDENTITY_HEADER: "X Forwarded User" }, "LOCKBRIDGE_IDENTITY_HEADER: must be an HTTP header name"],
    [{ LOCKBRIDGE_FOUR_EYES: "sometimes" }, "LOCKBRIDGE_FOUR_EYES"],
  ])("fails fast on %j", (source, message) => {
    expect(() => parseEnv(source)).toThrow(EnvError);
    expect(() => parseEnv(source)).toThrow(message);
  });

  it("defaults to a local user, four eyes on, data in .data", () => {
    const e = parseEnv({});
    expect(e.identity).toEqual({ mode: "local" });
    expect(e.fourEyes).toBe(true);
    expect(e.dataDir).toBe(".data");
  });

  it("reads the proxy-header identity with its trusted proxies (lower-cased header name)", () => {
    const e = parseEnv({
      LOCKBRIDGE_IDENTITY: "proxy-header",
      LOCKBRIDGE_IDENTITY_HEADER: "X-Auth-Request-Email",
      LOCKBRIDGE_TRUSTED_PROXY: "127.0.0.1, ::1,10.0.0.0/8",
    });
    expect(e.identity).toEqual({ mode: "proxy-header", header: "x-auth-request-email", trustedProxies: ["127.0.0.1", "::1", "10.0.0.0/8"] });
    expect(parseEnv({ LOCKBRIDGE_IDENTITY: "proxy-header", LOCKBRIDGE_TRUSTED_PROXY: "127.0.0.1" }).identity).toMatchObject({ header: "x-forwarded-email" });
  });

  it("lets four eyes be turned off explicitly", () => {
    expect(parseEnv({ LOCKBRIDGE_FOUR_EYES: "0" }).fourEyes).toBe(false);
    expect(parseEnv({ LOCKBRIDGE_FOUR_EYES: "" }).fourEyes).toBe(true);
  });
});
