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
    [
      { LOCKBRIDGE_IDENTITY: "proxy-header", LOCKBRIDGE_TRUSTED_PROXY: "proxy.internal" },
      'LOCKBRIDGE_TRUSTED_PROXY: "proxy.internal" is not an IP address',
    ],
    [{ LOCKBRIDGE_IDENTITY_HEADER: "X Forwarded User" }, "LOCKBRIDGE_IDENTITY_HEADER: must be an HTTP header name"],
    [{ LOCKBRIDGE_FOUR_EYES: "sometimes" }, "LOCKBRIDGE_FOUR_EYES"],
    [
      { LOCKBRIDGE_HOST: "0.0.0.0" },
      "LOCKBRIDGE_HOST: is 0.0.0.0, a network address, but LOCKBRIDGE_IDENTITY=local does not authenticate anyone",
    ],
    [{ LOCKBRIDGE_HOST: "10.1.2.3", LOCKBRIDGE_ALLOW_UNAUTHENTICATED_NETWORK: "0" }, "LOCKBRIDGE_ALLOW_UNAUTHENTICATED_NETWORK=1"],
    [{ LOCKBRIDGE_PUBLIC_ORIGIN: "lockbridge.example.com" }, "LOCKBRIDGE_PUBLIC_ORIGIN: must be the URL"],
    [{ LOCKBRIDGE_PUBLIC_ORIGIN: "https://lockbridge.example.com/app" }, "LOCKBRIDGE_PUBLIC_ORIGIN: must be an origin only"],
    [{ LOCKBRIDGE_ALLOWED_ACCOUNTS: "111111111111,12345" }, 'LOCKBRIDGE_ALLOWED_ACCOUNTS: "12345" is not a 12-digit AWS account ID'],
    [{ LOCKBRIDGE_ALLOWED_ROLE_ARNS: "LockbridgeAdmin" }, "LOCKBRIDGE_ALLOWED_ROLE_ARNS"],
    [{ LOCKBRIDGE_REQUIRE_APPROVAL: "maybe" }, "LOCKBRIDGE_REQUIRE_APPROVAL"],
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
    expect(e.identity).toEqual({
      mode: "proxy-header",
      header: "x-auth-request-email",
      trustedProxies: ["127.0.0.1", "::1", "10.0.0.0/8"],
    });
    expect(parseEnv({ LOCKBRIDGE_IDENTITY: "proxy-header", LOCKBRIDGE_TRUSTED_PROXY: "127.0.0.1" }).identity).toMatchObject({
      header: "x-forwarded-email",
    });
  });

  it("lets four eyes be turned off explicitly", () => {
    expect(parseEnv({ LOCKBRIDGE_FOUR_EYES: "0" }).fourEyes).toBe(false);
    expect(parseEnv({ LOCKBRIDGE_FOUR_EYES: "" }).fourEyes).toBe(true);
  });

  it("keeps local identity on loopback unless a network bind is accepted explicitly (then it is flagged)", () => {
    for (const host of ["127.0.0.1", "127.0.0.2", "localhost", "::1"])
      expect(parseEnv({ LOCKBRIDGE_HOST: host }).unauthenticatedNetwork, host).toBe(false);
    expect(parseEnv({ LOCKBRIDGE_HOST: "0.0.0.0", LOCKBRIDGE_ALLOW_UNAUTHENTICATED_NETWORK: "1" }).unauthenticatedNetwork).toBe(true);
    // Behind a sign-in proxy a network bind is the normal case.
    expect(
      parseEnv({ LOCKBRIDGE_HOST: "0.0.0.0", LOCKBRIDGE_IDENTITY: "proxy-header", LOCKBRIDGE_TRUSTED_PROXY: "10.0.0.5" })
        .unauthenticatedNetwork,
    ).toBe(false);
  });

  it("reads permissions, approval and the allowed accounts", () => {
    expect(parseEnv({})).toMatchObject({
      appliers: "*",
      approvers: "*",
      requireApproval: false,
      allowedAccounts: undefined,
      allowedRoleArns: undefined,
      publicOrigin: undefined,
    });
    expect(parseEnv({ LOCKBRIDGE_IDENTITY: "proxy-header", LOCKBRIDGE_TRUSTED_PROXY: "127.0.0.1" }).requireApproval).toBe(true);
    expect(
      parseEnv({ LOCKBRIDGE_IDENTITY: "proxy-header", LOCKBRIDGE_TRUSTED_PROXY: "127.0.0.1", LOCKBRIDGE_REQUIRE_APPROVAL: "0" })
        .requireApproval,
    ).toBe(false);
    expect(parseEnv({ LOCKBRIDGE_REQUIRE_APPROVAL: "1" }).requireApproval).toBe(true);
    const e = parseEnv({
      LOCKBRIDGE_APPLIERS: "alice@example.com, bob@example.com",
      LOCKBRIDGE_APPROVERS: "*",
      LOCKBRIDGE_ALLOWED_ACCOUNTS: "111111111111, 222222222222",
      LOCKBRIDGE_ALLOWED_ROLE_ARNS: "arn:aws:iam::*:role/LockbridgeAdmin",
      LOCKBRIDGE_PUBLIC_ORIGIN: "https://lockbridge.example.com:8443/",
    });
    expect(e).toMatchObject({
      appliers: ["alice@example.com", "bob@example.com"],
      approvers: "*",
      allowedAccounts: ["111111111111", "222222222222"],
      allowedRoleArns: ["arn:aws:iam::*:role/LockbridgeAdmin"],
      publicOrigin: "https://lockbridge.example.com:8443",
    });
  });
});
