// The onboarding server actions, called directly as any HTTP client can: a payload with a field the form
// does not have (a policy, a trusted principal, an ExternalId to reuse) or a bad bucket is refused with a
// field-level message; a valid one gets a bootstrap trusting the server's own principal with a fresh
// ExternalId each time, never one from the client.
import { describe, expect, it, vi } from "vitest";
import { checkOnboarding, generateBootstrap, listBuckets } from "@/app/onboard/actions";
import { SRC, useEmulator } from "./apply-support";

// The actions resolve who is acting from the request, which only exists inside Next: this mock is a
// local user who has typed a name.
vi.mock("next/headers", async () => {
  const { LOCAL_USER_COOKIE } = await import("@/lib/people/resolve");
  return {
    cookies: async () => ({ get: (name: string) => (name === LOCAL_USER_COOKIE ? { value: "Olivia" } : undefined), set: () => undefined }),
    headers: async () => new Headers(),
  };
});

useEmulator();
const valid = {
  part: "source",
  accountId: SRC,
  region: "eu-west-1",
  buckets: "lockbridge-demo-source",
  keyArns: "",
  replicationRolePath: "/service-role/",
  accessRoleName: "LockbridgeAccess",
  templateUrl: "",
};

describe("onboarding actions", () => {
  it("refuses fields the form does not have and names bad buckets on their field", async () => {
    for (const extra of [
      { policy: { Statement: [] } },
      { trustedPrincipalArn: "arn:aws:iam::999999999999:root" },
      { externalId: "attacker-chosen" },
    ]) {
      const r = await generateBootstrap({ ...valid, ...extra });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(Object.keys(r.fieldErrors ?? {})).toEqual(Object.keys(extra));
    }
    const bad = await generateBootstrap({ ...valid, buckets: "ok-bucket\nBad_Bucket" });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.fieldErrors?.buckets).toContain("Bad_Bucket");
    for (const junk of [null, "x", 42, [valid], { ...valid, buckets: "a".repeat(30_000) }])
      expect((await generateBootstrap(junk)).ok).toBe(false);
    expect((await checkOnboarding({ ...valid, roleArn: "not-an-arn", externalId: "x" })).ok).toBe(false);
    expect((await listBuckets({ accountId: SRC, region: "eu-west-1", roleArn: "arn:aws:iam::111111111111:role/X", policy: "{}" })).ok).toBe(
      false,
    );
  });

  it("trusts the server's own principal with a fresh ExternalId per onboarding", async () => {
    const a = await generateBootstrap(valid);
    const b = await generateBootstrap(valid);
    if (!a.ok || !b.ok) throw new Error("a valid request must succeed");
    expect(a.trustedPrincipal).toMatch(/^arn:aws:(sts|iam)::123456789012:/);
    expect(a.externalId).toMatch(/^lockbridge-[0-9a-f]{32}$/);
    expect(a.externalId).not.toBe(b.externalId);
    expect(a.cli).toContain(a.externalId);
    expect(a.cloudFormation).toContain(`"Default": "${a.externalId}"`);
    expect(a.quickCreate).toBeNull();
    const linked = await generateBootstrap({ ...valid, templateUrl: "https://t.s3.amazonaws.com/a.yaml" });
    expect(linked.ok && linked.quickCreate).toContain("param_ExternalId=lockbridge-");
  });
});
