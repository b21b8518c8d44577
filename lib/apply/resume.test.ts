// The resume rule, on pure plans: a re-plan is accepted when it equals the approved plan minus exactly
// the changes we wrote; drift in anything we did not write, or a different input, is refused.
import { describe, expect, it } from "vitest";
import { buildPlan } from "../plan/build";
import { applyToObserved, freshObserved } from "../../testing/plan-fixtures";
import type { ObservedState } from "../plan/observed";
import type { ChangeId, Plan } from "../plan/types";
import { defaultWizardInput, wizardInput } from "../schema/wizard";
import { acceptResume, baselineOf } from "./resume";

const input = wizardInput.parse(
  defaultWizardInput({
    accounts: {
      source: { accountId: "111122223333", region: "eu-west-1", bucket: "app-logs", access: "plan-only" },
      destination: { accountId: "444455556666", region: "eu-west-1", bucket: "central-vault", access: "plan-only" },
    },
  }),
);
const observed0 = freshObserved(input);
const approved = buildPlan(input, observed0);
const only = (plan: Plan, ids: ChangeId[]): Plan => ({ ...plan, changes: plan.changes.filter((c) => ids.includes(c.id)) });
const written: ChangeId[] = ["destination.versioning", "destination.objectLock", "source.role", "source.versioning"];
const afterWrites = applyToObserved(only(approved, written), observed0);

function withForeignBucketPolicy(o: ObservedState): ObservedState {
  if (o.destination.status !== "found") throw new Error("fixture");
  const policy = {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "Someone",
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::444455556666:root" },
        Action: "s3:GetObject",
        Resource: "arn:aws:s3:::central-vault/*",
      },
    ],
  };
  return { ...o, destination: { status: "found", value: { ...o.destination.value, policy: { status: "found", value: policy } } } };
}

describe("acceptResume", () => {
  it("accepts the approved plan minus our own writes", () => {
    const replanned = buildPlan(input, afterWrites);
    expect(replanned.fingerprint).not.toBe(approved.fingerprint);
    expect(acceptResume(baselineOf(approved), new Set(written), new Set(written), replanned)).toEqual([]);
  });

  it("refuses drift in an item we did not write, naming it", () => {
    const replanned = buildPlan(input, withForeignBucketPolicy(afterWrites));
    const reasons = acceptResume(baselineOf(approved), new Set(written), new Set(written), replanned);
    expect(reasons).toContain("The policy of bucket central-vault changed, and Lockbridge did not write it.");
    expect(reasons).toContain("Change destination.bucketPolicy differs from the approved plan.");
  });

  it("refuses a changed input", () => {
    const other = wizardInput.parse({
      ...defaultWizardInput({ accounts: input.accounts as never }),
      rule: { ...defaultWizardInput().rule, priority: 9 },
    });
    const replanned = buildPlan(other, afterWrites);
    expect(acceptResume(baselineOf(approved), new Set(written), new Set(written), replanned)).toContain(
      "The wizard input changed since the approved plan.",
    );
  });

  it("a failed call that landed anyway is accepted as a no-op; one that did not land must be unchanged", () => {
    const landed = applyToObserved(only(approved, [...written, "source.rolePolicy"]), observed0);
    const touched = new Set<ChangeId>([...written, "source.rolePolicy"]);
    expect(acceptResume(baselineOf(approved), new Set(written), touched, buildPlan(input, landed))).toEqual([]);
    expect(acceptResume(baselineOf(approved), new Set(written), touched, buildPlan(input, afterWrites))).toEqual([]);
  });

  it("refuses a write we did not make", () => {
    const extra = applyToObserved(only(approved, [...written, "source.replication"]), observed0);
    const reasons = acceptResume(baselineOf(approved), new Set(written), new Set(written), buildPlan(input, extra));
    expect(reasons).toContain("The replication of bucket app-logs changed, and Lockbridge did not write it.");
  });
});
