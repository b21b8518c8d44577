// Strict schemas (issue "Hardening", hostile input): every key that is not a field is refused with a
// message on that key, every string is bounded, and what the browser really sends (the draft, with the
// role and encryption forms' leftovers of the variant not chosen) is still accepted.
import { describe, expect, it } from "vitest";
import { accountsStep, side } from "./accounts";
import { fieldErrorsOf } from "./errors";
import { hostileWizardInputs, NON_OBJECTS, withOwnKey } from "../../testing/hostile-payloads";
import {
  bucketPolicyStep,
  defaultWizardInput,
  encryptionStep,
  existingObjectsStep,
  objectLockStep,
  roleStep,
  ruleStep,
  tag,
  wizardAccountsStep,
  wizardInput,
  type WizardFormValues,
} from "./wizard";

const ACCOUNTS = {
  source: {
    accountId: "111111111111",
    region: "eu-west-1",
    bucket: "lockbridge-demo-source",
    access: "role" as const,
    roleArn: "arn:aws:iam::111111111111:role/LockbridgeAdmin",
    externalId: "",
  },
  destination: {
    accountId: "222222222222",
    region: "eu-west-1",
    bucket: "lockbridge-demo-vault",
    access: "role" as const,
    roleArn: "arn:aws:iam::222222222222:role/LockbridgeAdmin",
    externalId: "",
  },
};
const KEYS = {
  sourceKeyArn: "arn:aws:kms:eu-west-1:111111111111:key/11111111-2222-3333-4444-555555555555",
  destinationKeyArn: "arn:aws:kms:eu-west-1:222222222222:key/66666666-7777-8888-9999-000000000000",
};

/** The draft as the step forms leave it (role-form.tsx and encryption-form.tsx `initial`: both variants' fields). */
function browserDraft(role: "create" | "reuse", encryption: "none" | "sse-kms"): WizardFormValues {
  const v = defaultWizardInput({ accounts: ACCOUNTS });
  return {
    ...v,
    role:
      role === "create"
        ? { mode: "create", roleName: "lockbridge-replication", path: "/service-role/", role: "" }
        : { mode: "reuse", role: "ExistingReplicationRole", roleName: "half-typed name!", path: "/service-role/" },
    encryption:
      encryption === "none"
        ? { mode: "none", sourceKeyArn: "", destinationKeyArn: "arn:aws:kms:half-typed", bucketKeys: true }
        : { mode: "sse-kms", ...KEYS, bucketKeys: false },
    existingObjects: {
      enabled: false,
      bucket: "",
      prefix: "lockbridge/batch-reports/",
      statuses: ["NONE", "FAILED"],
      reportScope: "FailedTasksOnly",
      priority: 10,
      roleName: "",
    },
  };
}

describe("what the browser sends is accepted", () => {
  it.each([
    ["create", "none"],
    ["create", "sse-kms"],
    ["reuse", "none"],
    ["reuse", "sse-kms"],
  ] as const)("role %s, encryption %s: the other variant's fields are accepted and dropped from the output", (role, encryption) => {
    const r = wizardInput.safeParse(browserDraft(role, encryption));
    expect(r.success, JSON.stringify(!r.success && fieldErrorsOf(r.error))).toBe(true);
    const out = r.data!;
    expect(Object.keys(out.role).sort()).toEqual(role === "create" ? ["mode", "path", "roleName"] : ["mode", "role"]);
    expect(Object.keys(out.encryption).sort()).toEqual(
      encryption === "none" ? ["mode"] : ["bucketKeys", "destinationKeyArn", "mode", "sourceKeyArn"],
    );
    // The output is itself valid input: saved plans, exported input and exported plans are re-parsed.
    expect(wizardInput.parse(JSON.parse(JSON.stringify(out)))).toEqual(out);
  });

  it("the blank draft and a stored draft with every step parse (step schemas alone too)", () => {
    const v = browserDraft("create", "none");
    expect(wizardInput.safeParse(defaultWizardInput()).error?.issues.every((i) => i.code !== "unrecognized_keys")).toBe(true);
    expect(wizardAccountsStep.safeParse(v.accounts).success).toBe(true);
    expect(objectLockStep.safeParse(v.objectLock).success).toBe(true);
    expect(roleStep.safeParse(v.role).success).toBe(true);
    expect(encryptionStep.safeParse(v.encryption).success).toBe(true);
    expect(bucketPolicyStep.safeParse({}).success).toBe(true);
    expect(ruleStep.safeParse({ ...v.rule, scope: "tags", tags: [{ key: "k", value: "v" }] }).success).toBe(true);
    expect(existingObjectsStep.safeParse(v.existingObjects).success).toBe(true);
  });

  it("an over-long value in a switched-off batch option is bounded but does not block (the step checks AWS limits only while on)", () => {
    const v = browserDraft("create", "none");
    expect(
      wizardInput.safeParse({
        ...v,
        existingObjects: { ...v.existingObjects, enabled: false, bucket: "b".repeat(100), roleName: "Not a role name!" },
      }).success,
    ).toBe(true);
    const on = wizardInput.safeParse({ ...v, existingObjects: { ...v.existingObjects, enabled: true, bucket: "b".repeat(100) } });
    expect(!on.success && fieldErrorsOf(on.error)["existingObjects.bucket"]).toMatch(/3 to 63 characters/);
  });
});

describe("hostile input is refused on the field it concerns", () => {
  const valid = browserDraft("create", "none") as unknown as Record<string, unknown>;
  it("the valid draft parses (the cases below differ from it in one place each)", () => {
    expect(wizardInput.safeParse(valid).success).toBe(true);
  });
  it.each(hostileWizardInputs(valid).map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const r = wizardInput.safeParse(c.payload);
    expect(r.success).toBe(false);
    const errors = fieldErrorsOf(r.error!);
    expect(Object.keys(errors).length).toBeGreaterThan(0);
    if (c.field) expect(Object.hasOwn(errors, c.field), `${c.field} in ${JSON.stringify(Object.keys(errors))}`).toBe(true);
    for (const message of Object.values(errors)) expect(message.length).toBeLessThan(400); // never echoes the 1 MiB value
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("an unknown key gets a message that names it, on the key itself", () => {
    const r = wizardInput.safeParse({ ...valid, policy: {}, plan: {} });
    expect(fieldErrorsOf(r.error!)).toMatchObject({
      policy: 'Unknown fields "policy", "plan": Lockbridge accepts only its own fields and builds every document itself.',
      plan: expect.stringContaining('"plan"'),
    });
    const rule = wizardInput.safeParse({ ...valid, rule: { ...(valid.rule as object), Filter: { Prefix: "" } } });
    expect(fieldErrorsOf(rule.error!)).toEqual({
      "rule.Filter": 'Unknown field "Filter": Lockbridge accepts only its own fields and builds every document itself.',
    });
  });

  it("keys named like Object.prototype members are reported as own keys, and nothing is polluted", () => {
    const r = wizardInput.safeParse(withOwnKey({ ...valid, constructor: 1, hasOwnProperty: 2 }, "__proto__", { polluted: true }));
    const errors = fieldErrorsOf(r.error!);
    expect(Object.keys(errors).sort()).toEqual(["__proto__", "constructor", "hasOwnProperty"]);
    expect(Object.getPrototypeOf(errors)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("every step schema, alone, refuses extra keys and non-objects", () => {
    const extra = { policy: {} };
    const cases: [string, { safeParse(v: unknown): { success: boolean } }, unknown][] = [
      ["side", side, { ...ACCOUNTS.source, ...extra }],
      ["accountsStep", accountsStep, { ...ACCOUNTS, ...extra }],
      ["wizardAccountsStep", wizardAccountsStep, { ...ACCOUNTS, ...extra }],
      ["objectLockStep", objectLockStep, { retention: {}, ...extra }],
      ["objectLockStep.retention", objectLockStep, { retention: { enabled: false, ...extra } }],
      ["roleStep create", roleStep, { mode: "create", ...extra }],
      ["roleStep reuse", roleStep, { mode: "reuse", role: "Existing", ...extra }],
      ["encryptionStep none", encryptionStep, { mode: "none", ...extra }],
      ["encryptionStep sse-kms", encryptionStep, { mode: "sse-kms", ...KEYS, ...extra }],
      ["bucketPolicyStep", bucketPolicyStep, extra],
      ["tag", tag, { key: "k", value: "v", ...extra }],
      ["ruleStep", ruleStep, extra],
      ["existingObjectsStep", existingObjectsStep, extra],
    ];
    for (const [name, schema, value] of cases) {
      expect(schema.safeParse(value).success, name).toBe(false);
      // zod 4 takes any non-array object as an object: a Date, Map or Set has no own keys, so a step whose
      // every field has a default parses it as {} (nothing in it is read). The wizard input as a whole refuses them.
      for (const c of NON_OBJECTS.filter((n) => !(n.payload instanceof Date || n.payload instanceof Map || n.payload instanceof Set))) {
        expect(schema.safeParse(c.payload).success, `${name}: ${c.name}`).toBe(c.payload === undefined && name === "bucketPolicyStep");
      }
    }
  });

  it("strings are bounded where AWS bounds them", () => {
    const v = browserDraft("create", "none");
    const fails = (patch: Partial<WizardFormValues>, field: string, message: RegExp) => {
      const r = wizardInput.safeParse({ ...v, ...patch });
      expect(!r.success && fieldErrorsOf(r.error)[field], field).toMatch(message);
    };
    fails(
      { accounts: { ...v.accounts, source: { ...v.accounts.source, accountId: "1".repeat(13) } } },
      "accounts.source.accountId",
      /exactly 12 digits/,
    );
    fails({ accounts: { ...v.accounts, source: { ...v.accounts.source, bucket: "b".repeat(64) } } }, "accounts.source.bucket", /3 to 63/);
    fails(
      { accounts: { ...v.accounts, source: { ...v.accounts.source, roleArn: `arn:aws:iam::111111111111:role/${"r".repeat(2048)}` } } },
      "accounts.source.roleArn",
      /at most 2048/,
    );
    fails({ role: { mode: "create", roleName: "r".repeat(65) } }, "role.roleName", /1 to 64/);
    fails({ role: { mode: "reuse", role: "r".repeat(65) } }, "role.role", /name or the ARN/);
    fails({ rule: { ...v.rule, ruleId: "r".repeat(256) } }, "rule.ruleId", /at most 255/);
    fails({ rule: { ...v.rule, scope: "prefix", prefix: "p".repeat(1025) } }, "rule.prefix", /at most 1024 bytes/);
    fails({ rule: { ...v.rule, scope: "prefix", prefix: "é".repeat(513) } }, "rule.prefix", /at most 1024 bytes/);
    fails(
      { rule: { ...v.rule, tags: Array.from({ length: 11 }, (_, i) => ({ key: `k${i}`, value: "v" })) } },
      "rule.tags",
      /at most 10 tags/,
    );
    fails({ rule: { ...v.rule, scope: "tags", tags: [{ key: "k".repeat(129), value: "v" }] } }, "rule.tags.0.key", /at most 128/);
    fails({ rule: { ...v.rule, scope: "tags", tags: [{ key: "k", value: "v".repeat(257) }] } }, "rule.tags.0.value", /at most 256/);
    fails(
      {
        encryption: { mode: "sse-kms", sourceKeyArn: `${KEYS.sourceKeyArn}${"0".repeat(2048)}`, destinationKeyArn: KEYS.destinationKeyArn },
      },
      "encryption.sourceKeyArn",
      /at most 2048/,
    );
    fails({ existingObjects: { enabled: true, prefix: "p".repeat(513) } }, "existingObjects.prefix", /at most 512/);
    fails({ existingObjects: { enabled: true, roleName: "r".repeat(65) } }, "existingObjects.roleName", /1 to 64/);
  });
});
