// Hand-over files on the Apply page follow the export rules: the plan-only account's script reads and
// merges every whole document at run time (it never sends the plan's unread documents as they are),
// says which tools it needs, and a plan with errors is never handed over.
import { describe, expect, it } from "vitest";
import { dispositions, handoverOf } from "@/lib/apply/handover";
import { buildPlan, emptyObserved } from "@/lib/plan";
import { TEST_ACCOUNTS, TEST_KMS } from "@/testing/plan-fixtures";
import { defaultWizardInput, wizardInput } from "@/lib/schema/wizard";

const input = wizardInput.parse(defaultWizardInput({ accounts: TEST_ACCOUNTS, encryption: TEST_KMS }));
const reachable = { source: true, destination: false };

describe("hand-over files", () => {
  it("the destination admin's script reads and merges the key policy, bucket policy and Object Lock at run time", () => {
    const plan = buildPlan(input, emptyObserved(input));
    const h = handoverOf(plan, reachable, dispositions(plan, reachable, false))!;
    expect(h.message).toContain("needs the aws CLI and python3");
    const script = h.files.find((f) => f.name.endsWith(".sh"))!.content;
    expect(script).toContain("for tool in aws python3; do");
    for (const read of ["kms get-key-policy", "s3api get-bucket-policy", "s3api get-object-lock-configuration"])
      expect(script).toContain(read);
    // Each whole-document write sends the merged file, never a document from the plan.
    for (const write of ["put-key-policy", "put-bucket-policy", "put-object-lock-configuration"]) {
      const line = script.split("\n").find((l) => l.includes(`lb_write`) && l.includes(write))!;
      expect(line).toMatch(/"file:\/\/\$WORKDIR\/(key-policy|bucket-policy|object-lock)\.json"$/);
    }
    expect(script).not.toContain("iam create-role");
  });

  it("a plan with errors hands over no files and says why", () => {
    const plan = buildPlan(input, emptyObserved(input));
    plan.errors.push({ path: "rule.priority", message: "Priority 0 is already used by another rule." });
    const h = handoverOf(plan, reachable, dispositions(plan, reachable, false))!;
    expect(h.files).toEqual([]);
    expect(h.message).toContain("a plan with errors is never handed over");
  });
});
