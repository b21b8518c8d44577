// A plan-only source account: its key policy is unread, so the simulation cannot decide kms:Decrypt on
// the source key. It must say "cannot tell" (a warning), not claim a certain deny that blocks apply.
import { describe, expect, it } from "vitest";
import { buildPlan } from "@/lib/plan";
import { preflight } from "@/lib/plan/diagnostics";
import { freshObserved } from "@/testing/plan-fixtures";
import { defaultWizardInput, wizardInput } from "@/lib/schema/wizard";

const input = wizardInput.parse(
  defaultWizardInput({
    accounts: {
      source: { accountId: "111111111111", region: "eu-west-1", bucket: "src-b", access: "plan-only" },
      destination: {
        accountId: "222222222222",
        region: "eu-west-1",
        bucket: "vault-b",
        access: "role",
        roleArn: "arn:aws:iam::222222222222:role/A",
      },
    },
    encryption: {
      mode: "sse-kms",
      sourceKeyArn: "arn:aws:kms:eu-west-1:111111111111:key/11111111-2222-3333-4444-555555555555",
      destinationKeyArn: "arn:aws:kms:eu-west-1:222222222222:key/66666666-7777-8888-9999-000000000000",
      bucketKeys: true,
    },
  }),
);

describe("preflight with a plan-only source", () => {
  it("reports the unread source key policy as unknown, and nothing blocks", async () => {
    const unknown = { status: "unknown" } as const;
    const observed = { ...freshObserved(input), source: unknown, role: unknown, sourceKey: unknown };
    const result = await preflight(buildPlan(input, observed), observed);
    const sourceDecrypt = result.simulation.after.results.find((r) => r.action === "kms:Decrypt" && r.resourceAccount === "111111111111");
    expect(sourceDecrypt?.decision).toBe("unknown");
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(result.blocking).toBe(false);
  });
});
