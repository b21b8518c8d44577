import { describe, expect, it } from "vitest";
import { onboardForm } from "./onboard";
import { rolePath } from "./primitives";

const form = (replicationRolePath: string) => ({
  part: "source",
  accountId: "333333333333",
  region: "eu-west-1",
  buckets: "lockbridge-demo-payroll",
  keyArns: "",
  replicationRolePath,
  accessRoleName: "LockbridgeAccess",
});
const message = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  r.error?.issues.find((i) => i.path[0] === "replicationRolePath")?.message;

describe("role paths", () => {
  it("refuse * and ? (wildcards in a policy's role ARN)", () => {
    expect(rolePath.safeParse("/service-role/").success).toBe(true);
    expect(rolePath.safeParse("/").success).toBe(true);
    for (const p of ["/*/", "/team?/"]) {
      const r = rolePath.safeParse(p);
      expect(r.success, p).toBe(false);
      expect(r.error?.issues[0]?.message).toMatch(/may not contain \* or \?/);
    }
  });

  it("onboarding gives the replication roles a path of their own: not /", () => {
    expect(onboardForm.safeParse(form("/service-role/")).success).toBe(true);
    expect(message(onboardForm.safeParse(form("/")))).toMatch(/Use a path of its own/);
    expect(message(onboardForm.safeParse(form("/*/")))).toMatch(/may not contain \* or \?/);
  });
});
