// The after-apply simulation must not promise what AWS will refuse, nor flag what cannot apply.
import { describe, expect, it } from "vitest";
import { buildPlan } from "@/lib/plan";
import { preflight } from "@/lib/plan/diagnostics";
import { applyToObserved, freshObserved } from "@/testing/plan-fixtures";
import type { ObservedState } from "@/lib/plan/observed";
import { defaultWizardInput, wizardInput } from "@/lib/schema/wizard";

const SRC_KEY = "arn:aws:kms:eu-west-1:111111111111:key/11111111-2222-3333-4444-555555555555";
const DST_KEY = "arn:aws:kms:eu-west-1:222222222222:key/66666666-7777-8888-9999-000000000000";
const input = wizardInput.parse(
  defaultWizardInput({
    accounts: {
      source: {
        accountId: "111111111111",
        region: "eu-west-1",
        bucket: "src-b",
        access: "role",
        roleArn: "arn:aws:iam::111111111111:role/A",
      },
      destination: {
        accountId: "222222222222",
        region: "eu-west-1",
        bucket: "vault-b",
        access: "role",
        roleArn: "arn:aws:iam::222222222222:role/A",
      },
    },
    encryption: { mode: "sse-kms", sourceKeyArn: SRC_KEY, destinationKeyArn: DST_KEY, bucketKeys: false },
  }),
);

describe("after-apply simulation", () => {
  it("does not lay a planned key policy over an AWS managed key (its policy can never change)", async () => {
    const fresh = freshObserved(input);
    const key = fresh.destinationKey;
    if (key?.status !== "found") throw new Error("fixture has a destination key");
    const observed: ObservedState = { ...fresh, destinationKey: { status: "found", value: { ...key.value, keyManager: "AWS" } } };
    const result = await preflight(buildPlan(input, observed), observed);
    const encrypt = result.simulation.after.results.find((r) => r.action === "kms:Encrypt");
    expect(encrypt?.decision).not.toBe("allowed");
    expect(result.simulation.after.caveats.join(" ")).toContain("AWS managed");
    expect(result.blocking).toBe(true);
  });

  it("treats replication as TLS: a deny on aws:SecureTransport=false neither blocks nor leaves doubt", async () => {
    const base = freshObserved(input);
    const planned = buildPlan(input, base);
    const applied = applyToObserved(planned, base);
    const dst = applied.destination;
    if (dst.status !== "found" || dst.value.policy.status !== "found") throw new Error("the plan writes a bucket policy");
    const policy = dst.value.policy.value as { Statement: unknown[] };
    policy.Statement.unshift({
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: ["arn:aws:s3:::vault-b", "arn:aws:s3:::vault-b/*"],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
    const result = await preflight(buildPlan(input, applied), applied);
    const replicate = result.simulation.before.results.find((r) => r.action === "s3:ReplicateObject");
    expect(replicate?.decision).toBe("allowed");
    expect(replicate?.unevaluated).toEqual([]);
    expect(result.blocking).toBe(false);
  });
});
