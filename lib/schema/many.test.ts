// The form of several sources → one wizard input per bucket: the wizard's own messages land on the form's
// fields (sources.<i>.*, vault.*, replicaKeyArn, retentionValue), a bucket picked twice is refused, and
// retention, confirmation and encryption reach every input.
import { describe, expect, it } from "vitest";
import { manyInputs, manyPlanForm, type ManyPlanForm } from "./many";

const src = (accountId: string, bucket: string) => ({
  accountId,
  region: "eu-west-1",
  bucket,
  roleArn: `arn:aws:iam::${accountId}:role/LockbridgeAdmin`,
  externalId: "",
  sourceKeyArn: "",
});
const form = (over: Partial<ManyPlanForm> = {}): ManyPlanForm =>
  manyPlanForm.parse({
    sources: [src("111111111111", "lockbridge-demo-source"), src("333333333333", "lockbridge-demo-payroll")],
    vault: {
      accountId: "222222222222",
      region: "eu-west-1",
      bucket: "lockbridge-demo-vault",
      roleArn: "arn:aws:iam::222222222222:role/LockbridgeAdmin",
      externalId: "",
    },
    retention: "GOVERNANCE",
    retentionUnit: "Days",
    retentionValue: "7",
    downgradeConfirmation: "",
    encryption: "none",
    replicaKeyArn: "",
    roles: "per-bucket",
    ...over,
  });

describe("manyInputs", () => {
  it("builds one input per bucket with the vault, retention and confirmation of the form", () => {
    const { inputs, fieldErrors } = manyInputs(form({ downgradeConfirmation: "COMPLIANCE 30 days to GOVERNANCE 7 days" }));
    expect(fieldErrors).toEqual({});
    expect(inputs.map((i) => i.accounts.source.bucket)).toEqual(["lockbridge-demo-source", "lockbridge-demo-payroll"]);
    for (const i of inputs) {
      expect(i.accounts.destination.bucket).toBe("lockbridge-demo-vault");
      expect(i.objectLock.retention).toEqual({ enabled: true, mode: "GOVERNANCE", unit: "Days", value: 7 });
      expect(i.objectLock.downgradeConfirmation).toBe("COMPLIANCE 30 days to GOVERNANCE 7 days");
      expect(i.encryption).toEqual({ mode: "none" });
    }
  });

  it("puts the wizard's messages on the form's fields and refuses a bucket picked twice", () => {
    const bad = form({
      sources: [
        src("111111111111", "Not_A_Bucket"),
        src("111111111111", "lockbridge-demo-source"),
        src("111111111111", "lockbridge-demo-source"),
      ],
      vault: { accountId: "22", region: "eu-west-1", bucket: "lockbridge-demo-vault", roleArn: "", externalId: "" },
      retentionValue: "many",
      encryption: "sse-kms",
      replicaKeyArn: "not-an-arn",
    });
    const { inputs, fieldErrors } = manyInputs(bad);
    expect(inputs).toEqual([]);
    expect(Object.keys(fieldErrors)).toEqual(
      expect.arrayContaining(["sources.0.bucket", "sources.2.bucket", "vault.accountId", "replicaKeyArn", "retentionValue"]),
    );
    expect(fieldErrors["sources.2.bucket"]).toBe("lockbridge-demo-source is already in this plan.");
  });

  it("asks for each source's key with SSE-KMS, on that source", () => {
    const vaultKey = "arn:aws:kms:eu-west-1:222222222222:key/66666666-7777-8888-9999-000000000000";
    const wrong = "arn:aws:kms:eu-west-1:999999999999:key/11111111-2222-3333-4444-555555555555";
    const { fieldErrors } = manyInputs(
      form({
        sources: [{ ...src("111111111111", "lockbridge-demo-source"), sourceKeyArn: wrong }],
        encryption: "sse-kms",
        replicaKeyArn: vaultKey,
      }),
    );
    expect(Object.keys(fieldErrors)).toEqual(["sources.0.sourceKeyArn"]);
  });

  it("refuses an empty plan", () => {
    expect(manyPlanForm.safeParse({ ...form(), sources: [] }).success).toBe(false);
  });
});
