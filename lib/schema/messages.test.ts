import { describe, expect, it } from "vitest";
import { defaultWizardInput, wizardInput } from "./wizard";

const messages = (raw: unknown) => {
  const r = wizardInput.safeParse(raw);
  return r.success ? [] : r.error.issues.map((i) => i.message);
};

describe("zod's own checks speak in words", () => {
  it("an option that is not offered, a flag given as text, a missing number", () => {
    const v = defaultWizardInput({
      accounts: {
        source: { accountId: "111111111111", region: "eu-west-1", bucket: "src-bucket", access: "plan-only" },
        destination: { accountId: "222222222222", region: "eu-west-1", bucket: "vault-bucket", access: "plan-only" },
      },
    });
    const bad = {
      ...v,
      accounts: { ...v.accounts, source: { ...v.accounts.source, access: "robot" } },
      rule: { ...v.rule, ownerOverride: "yes", priority: undefined },
    };
    const out = messages(bad);
    expect(out).toContain("Choose one of: role, server, plan-only.");
    expect(out).toContain("Must be true or false.");
    for (const m of out) expect(m).not.toMatch(/Invalid option|expected|received/);
  });
});
