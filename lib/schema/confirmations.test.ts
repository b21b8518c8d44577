import { describe, expect, it } from "vitest";
import { confirmationProblem } from "./confirmations";
import { defaultWizardInput, wizardInput } from "./wizard";

const accounts = {
  source: { accountId: "111111111111", region: "eu-west-1", bucket: "src-bucket", access: "plan-only" as const },
  destination: { accountId: "222222222222", region: "eu-west-1", bucket: "vault-bucket", access: "plan-only" as const },
};
const compliance = (value: number, unit: "Days" | "Years" = "Days") =>
  defaultWizardInput({ accounts, objectLock: { retention: { enabled: true, mode: "COMPLIANCE", unit, value } } });

describe("the server's check of the Object Lock confirmation", () => {
  it("refuses an input without one, naming the step", () => {
    const raw = compliance(30);
    expect(confirmationProblem(wizardInput.parse(raw), raw)).toMatch(/not confirmed yet.*Destination Object Lock/);
  });

  it("accepts the confirmation for exactly this bucket, mode, unit and period", () => {
    const raw = {
      ...compliance(30),
      confirmations: { objectLock: { bucket: "vault-bucket", mode: "COMPLIANCE", unit: "Days", value: 30 } },
    };
    expect(confirmationProblem(wizardInput.parse(raw), raw)).toBeUndefined();
  });

  it("refuses COMPLIANCE 30 days as a confirmation of 36,500 days, of 100 years, or of another bucket", () => {
    const given = { bucket: "vault-bucket", mode: "COMPLIANCE", unit: "Days", value: 30 };
    for (const raw of [
      { ...compliance(36500), confirmations: { objectLock: given } },
      { ...compliance(100, "Years"), confirmations: { objectLock: given } },
      {
        ...compliance(30),
        accounts: { ...accounts, destination: { ...accounts.destination, bucket: "other-vault" } },
        confirmations: { objectLock: given },
      },
    ]) {
      expect(confirmationProblem(wizardInput.parse(raw), raw)).toMatch(
        /confirmation was given for vault-bucket with COMPLIANCE retention for 30 days/,
      );
    }
  });

  it("a GOVERNANCE confirmation does not confirm COMPLIANCE, and the parsed input never carries confirmations", () => {
    const raw = {
      ...compliance(30),
      confirmations: { objectLock: { bucket: "vault-bucket", mode: "GOVERNANCE", unit: "Days", value: 30 } },
    };
    const input = wizardInput.parse(raw);
    expect(confirmationProblem(input, raw)).toBeDefined();
    expect("confirmations" in input).toBe(false);
  });
});
