// Every rejected input is rejected with its message on the field the user must change.
import { describe, expect, it } from "vitest";
import type * as z from "zod/mini";
import {
  defaultWizardInput,
  deriveRoleName,
  encryptionStep,
  objectLockStep,
  roleStep,
  ruleStep,
  wizardAccountsStep,
  wizardInput,
  type WizardDefaultsPartial,
} from "./wizard";

/** Every issue (not only the first per field, as fieldErrorsOf keeps), as `{ path, message }`. */
const issuesToFieldErrors = (error: z.core.$ZodError) =>
  error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));

const ACCOUNTS = {
  source: { accountId: "111122223333", region: "eu-west-1", bucket: "app-logs", access: "plan-only" as const },
  destination: { accountId: "444455556666", region: "eu-central-1", bucket: "central-vault", access: "plan-only" as const },
};
const KMS = {
  mode: "sse-kms" as const,
  sourceKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/11111111-2222-3333-4444-555555555555",
  destinationKeyArn: "arn:aws:kms:eu-central-1:444455556666:key/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
  bucketKeys: true,
};

function errorsFor(p: WizardDefaultsPartial, patch?: (v: ReturnType<typeof defaultWizardInput>) => void) {
  const values = defaultWizardInput({ accounts: ACCOUNTS, ...p });
  patch?.(values);
  const r = wizardInput.safeParse(values);
  return r.success ? [] : issuesToFieldErrors(r.error);
}
function expectError(p: WizardDefaultsPartial, path: string, message: RegExp, patch?: (v: ReturnType<typeof defaultWizardInput>) => void) {
  const errors = errorsFor(p, patch);
  expect(errors.find((e) => e.path === path)?.message, JSON.stringify(errors)).toMatch(message);
}

describe("valid input", () => {
  it("defaults parse, names are derived from the buckets", () => {
    const v = wizardInput.parse(defaultWizardInput({ accounts: ACCOUNTS }));
    expect(v.role).toEqual({ mode: "create", roleName: "lockbridge-app-logs-to-central-vault", path: "/service-role/" });
    expect(v.rule.ruleId).toBe("lockbridge-to-444455556666-central-vault");
    expect(v.rule).toMatchObject({ status: "Enabled", priority: 0, deleteMarkerReplication: false, ownerOverride: true, scope: "all" });
    expect(v.objectLock.retention.enabled).toBe(false);
  });
  it("derives names when left empty, and keeps them within IAM's 64 characters", () => {
    const v = wizardInput.parse(defaultWizardInput({ accounts: ACCOUNTS, role: { mode: "create", roleName: "" }, rule: { ruleId: "" } }));
    expect(v.role.mode === "create" && v.role.roleName).toBe("lockbridge-app-logs-to-central-vault");
    expect(v.rule.ruleId).toBe("lockbridge-to-444455556666-central-vault");
    const long = deriveRoleName("a".repeat(63), "b".repeat(63));
    expect(long.length).toBe(64);
    expect(long).not.toBe(deriveRoleName("a".repeat(63), `${"b".repeat(62)}c`));
  });
  it("accepts SSE-KMS keys in the right accounts and Regions", () => {
    expect(errorsFor({ encryption: KMS })).toEqual([]);
  });
  it("step schemas validate alone with the same messages", () => {
    expect(ruleStep.safeParse({}).success).toBe(true);
    const r = ruleStep.safeParse({ rtc: true });
    expect(!r.success && issuesToFieldErrors(r.error)).toEqual([
      { path: "metrics", message: "Replication Time Control needs replication metrics: turn metrics on." },
    ]);
    expect(objectLockStep.parse({})).toEqual({
      retention: { enabled: false, mode: "GOVERNANCE", unit: "Days", value: 1 },
      downgradeConfirmation: "",
    });
    expect(roleStep.safeParse({ mode: "reuse", role: "arn:aws:iam::111122223333:role/x" }).success).toBe(true);
    expect(encryptionStep.safeParse({ mode: "none" }).success).toBe(true);
  });
});

describe("accounts", () => {
  it.each(["11112222333", "1111222233334", "11112222333a", " ", "1111-2222-3333"])("rejects account ID %j", (id) => {
    expectError(
      { accounts: { ...ACCOUNTS, source: { ...ACCOUNTS.source, accountId: id } } },
      "accounts.source.accountId",
      /exactly 12 digits/,
    );
  });
  it("refuses same-account replication on the destination account field", () => {
    expectError(
      { accounts: { ...ACCOUNTS, destination: { ...ACCOUNTS.destination, accountId: "111122223333" } } },
      "accounts.destination.accountId",
      /cross-account/,
    );
    const r = wizardAccountsStep.safeParse({ ...ACCOUNTS, destination: { ...ACCOUNTS.destination, accountId: "111122223333" } });
    expect(!r.success && r.error.issues[0]?.path).toEqual(["destination", "accountId"]);
  });
  it.each([
    ["ab", /3 to 63 characters/],
    ["a".repeat(64), /3 to 63 characters/],
    ["My-Bucket", /lowercase letters/],
    ["my_bucket", /lowercase letters/],
    ["-bucket", /start and end with a letter or digit/],
    ["bucket-", /start and end with a letter or digit/],
    ["my..bucket", /two adjacent dots/],
    ["192.168.5.4", /IP address/],
    ["xn--bucket", /xn--, sthree-/],
    ["sthree-bucket", /xn--, sthree-/],
    ["bucket-s3alias", /-s3alias, --ol-s3/],
    ["bucket--ol-s3", /-s3alias, --ol-s3/],
  ])("rejects bucket name %j", (bucket, message) => {
    expectError({ accounts: { ...ACCOUNTS, destination: { ...ACCOUNTS.destination, bucket } } }, "accounts.destination.bucket", message);
  });
  it("rejects a role ARN that is not a role, or in another account", () => {
    expectError(
      { accounts: { ...ACCOUNTS, source: { ...ACCOUNTS.source, access: "role", roleArn: "arn:aws:iam::111122223333:user/bob" } } },
      "accounts.source.roleArn",
      /role ARN like/,
    );
    expectError(
      { accounts: { ...ACCOUNTS, source: { ...ACCOUNTS.source, access: "role", roleArn: "arn:aws:iam::999999999999:role/x" } } },
      "accounts.source.roleArn",
      /account 999999999999/,
    );
  });
});

describe("role", () => {
  it("rejects bad role names and paths", () => {
    expectError({ role: { mode: "create", roleName: "a".repeat(65) } }, "role.roleName", /1 to 64 characters/);
    expectError({ role: { mode: "create", roleName: "bad name" } }, "role.roleName", /1 to 64 characters/);
    expectError({ role: { mode: "create", roleName: "ok", path: "service-role" } }, "role.path", /starts and ends with \//);
  });
  it("reuse: a role in the source account, by name or ARN", () => {
    expect(errorsFor({ role: { mode: "reuse", role: "existing-role" } })).toEqual([]);
    expectError({ role: { mode: "reuse", role: "arn:aws:iam::444455556666:role/x" } }, "role.role", /source account 111122223333/);
    expectError({ role: { mode: "reuse", role: "not a role" } }, "role.role", /name or the ARN/);
  });
});

describe("encryption", () => {
  it("refuses alias/aws/s3 with a specific message", () => {
    expectError(
      { encryption: { ...KMS, destinationKeyArn: "alias/aws/s3" } },
      "encryption.destinationKeyArn",
      /alias\/aws\/s3 is the AWS managed S3 key/,
    );
    expectError(
      { encryption: { ...KMS, destinationKeyArn: "arn:aws:kms:eu-central-1:444455556666:alias/aws/s3" } },
      "encryption.destinationKeyArn",
      /AWS managed S3 key/,
    );
    expectError(
      { encryption: { ...KMS, sourceKeyArn: "arn:aws:kms:eu-west-1:111122223333:alias/aws/ebs" } },
      "encryption.sourceKeyArn",
      /AWS managed/,
    );
  });
  it("refuses other aliases and malformed ARNs", () => {
    expectError(
      { encryption: { ...KMS, destinationKeyArn: "alias/vault" } },
      "encryption.destinationKeyArn",
      /resolves in the caller's account/,
    );
    expectError(
      { encryption: { ...KMS, destinationKeyArn: "1234abcd-12ab-34cd-56ef-1234567890ab" } },
      "encryption.destinationKeyArn",
      /full KMS key ARN/,
    );
  });
  it("keys must be in their bucket's account and Region", () => {
    expectError(
      { encryption: { ...KMS, destinationKeyArn: KMS.destinationKeyArn.replace("444455556666", "111122223333") } },
      "encryption.destinationKeyArn",
      /destination account 444455556666 and Region eu-central-1/,
    );
    expectError(
      { encryption: { ...KMS, destinationKeyArn: KMS.destinationKeyArn.replace("eu-central-1", "us-east-1") } },
      "encryption.destinationKeyArn",
      /Region eu-central-1/,
    );
    expectError(
      { encryption: { ...KMS, sourceKeyArn: KMS.sourceKeyArn.replace("eu-west-1", "eu-west-2") } },
      "encryption.sourceKeyArn",
      /source account 111122223333 and Region eu-west-1/,
    );
  });
});

describe("rule", () => {
  it("tag filter forbids delete-marker replication (error on that field)", () => {
    expectError(
      { rule: { scope: "tags", tags: [{ key: "a", value: "b" }], deleteMarkerReplication: true } },
      "rule.deleteMarkerReplication",
      /not supported with a tag filter/,
    );
    expect(errorsFor({ rule: { scope: "prefix", prefix: "x/", deleteMarkerReplication: true } })).toEqual([]);
  });
  it("RTC requires metrics (error on metrics)", () => {
    expectError({ rule: { rtc: true, metrics: false } }, "rule.metrics", /needs replication metrics/);
  });
  it("prefix and tag limits", () => {
    expectError({ rule: { scope: "prefix", prefix: "é".repeat(513) } }, "rule.prefix", /1024 bytes/);
    expectError({ rule: { scope: "prefix", prefix: "" } }, "rule.prefix", /Enter a prefix/);
    expectError({ rule: { scope: "tags", tags: [] } }, "rule.tags", /at least one tag/);
    expectError(
      { rule: { scope: "tags", tags: Array.from({ length: 11 }, (_, i) => ({ key: `k${i}`, value: "" })) } },
      "rule.tags",
      /at most 10 tags/,
    );
    expectError({ rule: { scope: "tags", tags: [{ key: "k".repeat(129), value: "" }] } }, "rule.tags.0.key", /at most 128/);
    expectError({ rule: { scope: "tags", tags: [{ key: "k", value: "v".repeat(257) }] } }, "rule.tags.0.value", /at most 256/);
    expectError(
      {
        rule: {
          scope: "prefix-tags",
          prefix: "p/",
          tags: [
            { key: "k", value: "1" },
            { key: "k", value: "2" },
          ],
        },
      },
      "rule.tags.1.key",
      /used twice/,
    );
  });
  it("rule ID and priority", () => {
    expectError({ rule: { ruleId: "r".repeat(256) } }, "rule.ruleId", /at most 255/);
    expectError({ rule: { ruleId: "règle" } }, "rule.ruleId", /printable ASCII/);
    expectError({ rule: { priority: -1 } }, "rule.priority", /0 or more/);
    expectError({ rule: { priority: 1.5 } }, "rule.priority", /whole number/);
  });
  it("a priority of -0 is stored as 0, so the rule written equals the rule planned", () => {
    const v = wizardInput.parse(defaultWizardInput({ accounts: ACCOUNTS, rule: { priority: -0 } }));
    expect(Object.is(v.rule.priority, 0)).toBe(true);
  });
  it("storage class is one S3 replication accepts", () => {
    expect(errorsFor({ rule: { storageClass: "GLACIER_IR" } })).toEqual([]);
    expect(errorsFor({}, (v) => Object.assign(v.rule!, { storageClass: "EXPRESS_ONEZONE" })).map((e) => e.path)).toEqual([
      "rule.storageClass",
    ]);
  });
});

describe("object lock", () => {
  it("default retention is at most 100 years / 36,500 days", () => {
    expectError(
      { objectLock: { retention: { enabled: true, unit: "Years", value: 101 } } },
      "objectLock.retention.value",
      /at most 100 years/,
    );
    expectError({ objectLock: { retention: { enabled: true, unit: "Days", value: 36501 } } }, "objectLock.retention.value", /36,500 days/);
    expectError({ objectLock: { retention: { enabled: true, value: 0 } } }, "objectLock.retention.value", /at least 1/);
    expect(errorsFor({ objectLock: { retention: { enabled: true, mode: "COMPLIANCE", unit: "Days", value: 36500 } } })).toEqual([]);
  });
  it("a source bucket already named lockbridge-… does not get the prefix twice in the derived role name", () => {
    expect(deriveRoleName("lockbridge-demo-source", "lockbridge-demo-vault")).toBe("lockbridge-demo-source-to-lockbridge-demo-vault");
    expect(deriveRoleName("app-logs", "vault")).toBe("lockbridge-app-logs-to-vault");
  });
});
