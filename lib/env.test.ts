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
  ])("fails fast on %j", (source, message) => {
    expect(() => parseEnv(source)).toThrow(EnvError);
    expect(() => parseEnv(source)).toThrow(message);
  });
});
