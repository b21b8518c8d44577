// Weakening the vault's default retention is refused by the server (the plan it builds has an error, so
// apply writes nothing) until the person types the confirmation naming the old and new retention.
import { GetObjectLockConfigurationCommand, PutObjectLockConfigurationCommand } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { applyPlan } from "../lib/apply/apply";
import { reviewPlan } from "../lib/apply/review";
import { instantBackoff } from "../lib/aws/retry";
import { DST, VAULT, callRecorder, sandboxInput, useEmulator } from "./apply-support";

const box = useEmulator();

describe("retention downgrade", () => {
  it("is refused without the typed confirmation, then applied with it", async () => {
    const dst = await box.admin(DST);
    await dst.s3.send(
      new PutObjectLockConfigurationCommand({
        Bucket: VAULT,
        ObjectLockConfiguration: { ObjectLockEnabled: "Enabled", Rule: { DefaultRetention: { Mode: "GOVERNANCE", Days: 30 } } },
      }),
    );
    const retention = async () =>
      (await dst.s3.send(new GetObjectLockConfigurationCommand({ Bucket: VAULT }))).ObjectLockConfiguration?.Rule?.DefaultRetention;

    // sandboxInput asks for GOVERNANCE 1 day: shorter than the 30 days live now.
    const unconfirmed = sandboxInput(box.seeded);
    const plan = await reviewPlan(unconfirmed);
    expect(plan.errors).toEqual([
      expect.objectContaining({
        path: "objectLock.downgradeConfirmation",
        message: expect.stringContaining('type "GOVERNANCE 30 days to GOVERNANCE 1 day"'),
      }),
    ]);
    const rec = callRecorder();
    const refused = await applyPlan({
      input: unconfirmed,
      fingerprint: plan.fingerprint,
      confirm: VAULT,
      hooks: rec,
      backoff: instantBackoff,
    });
    expect(refused.status).toBe("refused");
    expect(refused.refusal?.details.join(" ")).toMatch(/objectLock.downgradeConfirmation/);
    expect(rec.writes()).toEqual([]);
    expect(await retention()).toEqual({ Mode: "GOVERNANCE", Days: 30 });

    const confirmed = sandboxInput(box.seeded, {
      objectLock: {
        retention: { enabled: true, mode: "GOVERNANCE", unit: "Days", value: 1 },
        downgradeConfirmation: "GOVERNANCE 30 days to GOVERNANCE 1 day",
      },
    });
    const ok = await reviewPlan(confirmed);
    expect(ok.errors).toEqual([]);
    expect(ok.warnings).toContainEqual(
      expect.objectContaining({ danger: true, message: expect.stringContaining("from GOVERNANCE 30 days to GOVERNANCE 1 day") }),
    );
    const applied = await applyPlan({ input: confirmed, fingerprint: ok.fingerprint, confirm: VAULT, backoff: instantBackoff });
    expect(applied.status).toBe("succeeded");
    expect(await retention()).toEqual({ Mode: "GOVERNANCE", Days: 1 });
  });
});
