// Hostile payloads for the server-action tests (tests/actions-hostile-*.test.ts and strict.test.ts): what a
// caller that is not Lockbridge's own form can send to a public endpoint. Pure data, no test framework.
// `field` is the key the refusal must name (fieldErrors key), when the action reports fields.

export type HostileCase = { name: string; payload: unknown; field?: string };

/** 1 MiB of a character that is valid in the field, so the length is what must be refused. */
export const MIB = 1024 * 1024;
export const big = (ch = "a") => ch.repeat(MIB);

/** Values of the wrong kind altogether, including what React's reply decoder can deliver (Date, Map, Set, BigInt). */
export const NON_OBJECTS: HostileCase[] = [
  { name: "null", payload: null },
  { name: "undefined", payload: undefined },
  { name: "a number", payload: 42 },
  { name: "a string", payload: "str" },
  { name: "an array", payload: [] },
  { name: "a boolean", payload: true },
  { name: "a BigInt", payload: 10n },
  { name: "a Date", payload: new Date(0) },
  { name: "a Map", payload: new Map([["accounts", {}]]) },
  { name: "a Set", payload: new Set([1]) },
];

/** `{ a: { a: … } }` `depth` levels deep (and an array as deep), without recursion when built. */
export function deeplyNested(depth = 10_000): Record<string, unknown> {
  let obj: unknown = "bottom";
  let arr: unknown = "bottom";
  for (let i = 0; i < depth; i++) {
    obj = { a: obj };
    arr = [arr];
  }
  return { a: obj, b: arr };
}

/** A copy of `obj` with an OWN enumerable property `key` (as JSON.parse makes for "__proto__"), not a prototype change. */
export function withOwnKey<T extends object>(obj: T, key: string, value: unknown): T {
  const copy = { ...obj };
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

type Obj = Record<string, unknown>;
const at = (v: Obj, k: string) => v[k] as Obj;

/** `valid` with `path` (dotted) replaced by `value`; intermediate objects are copied, never mutated. */
export function setPath(valid: Obj, path: string, value: unknown): Obj {
  const [head, ...rest] = path.split(".") as [string, ...string[]];
  if (rest.length === 0) return { ...valid, [head]: value };
  const inner = Array.isArray(valid[head]) ? Object.assign([], valid[head]) : at(valid, head);
  return { ...valid, [head]: setPath(inner as Obj, rest.join("."), value) };
}

const POLICY = {
  Version: "2012-10-17",
  Statement: [{ Sid: "Everyone", Effect: "Allow", Principal: "*", Action: "s3:*", Resource: "*" }],
};

/**
 * Every hostile variant of a wizard input (form values as the browser sends them, with `role.mode`
 * "create", `encryption.mode` "none" and `rule.tags` empty). Each must be refused: fieldErrors name `field`.
 */
export function hostileWizardInputs(valid: Obj): HostileCase[] {
  const set = (path: string, value: unknown) => setPath(valid, path, value);
  const rule = at(valid, "rule");
  const source = at(at(valid, "accounts"), "source");
  return [
    ...NON_OBJECTS,
    // Wrong types
    { name: "accounts as a string", payload: set("accounts", "x"), field: "accounts" },
    { name: "account ID as a number", payload: set("accounts.source.accountId", 111111111111), field: "accounts.source.accountId" },
    { name: "priority as a string", payload: set("rule.priority", "1"), field: "rule.priority" },
    { name: "tags as a string", payload: set("rule.tags", "x"), field: "rule.tags" },
    { name: "retention value as a string", payload: set("objectLock.retention.value", "7"), field: "objectLock.retention.value" },
    { name: "role mode unknown", payload: set("role", { mode: "admin" }), field: "role.mode" },
    { name: "encryption null", payload: set("encryption", null), field: "encryption" },
    { name: "statuses as a string", payload: set("existingObjects", { statuses: "ALL" }), field: "existingObjects.statuses" },
    { name: "a tag as an array", payload: set("rule.tags", [["k", "v"]]), field: "rule.tags.0" },
    // Oversized (1 MiB) strings and lists
    { name: "1 MiB source bucket", payload: set("accounts.source.bucket", big()), field: "accounts.source.bucket" },
    { name: "1 MiB account ID", payload: set("accounts.destination.accountId", big("1")), field: "accounts.destination.accountId" },
    { name: "1 MiB region", payload: set("accounts.source.region", big()), field: "accounts.source.region" },
    {
      name: "1 MiB admin role ARN",
      payload: set("accounts.source.roleArn", `${source.roleArn as string}${big()}`),
      field: "accounts.source.roleArn",
    },
    { name: "1 MiB ExternalId", payload: set("accounts.source.externalId", big()), field: "accounts.source.externalId" },
    { name: "1 MiB rule ID", payload: set("rule.ruleId", big()), field: "rule.ruleId" },
    { name: "1 MiB prefix", payload: set("rule", { ...rule, scope: "prefix", prefix: big() }), field: "rule.prefix" },
    {
      name: "10,000 tags (scope: whole bucket)",
      payload: set(
        "rule.tags",
        Array.from({ length: 10_000 }, (_, i) => ({ key: `k${i}`, value: "v" })),
      ),
      field: "rule.tags",
    },
    {
      name: "1 MiB tag key",
      payload: set("rule", { ...rule, scope: "tags", tags: [{ key: big(), value: "v" }] }),
      field: "rule.tags.0.key",
    },
    { name: "1 MiB role name", payload: set("role", { mode: "create", roleName: big(), path: "/service-role/" }), field: "role.roleName" },
    { name: "1 MiB role path", payload: set("role", { mode: "create", roleName: "r", path: `/${big()}/` }), field: "role.path" },
    { name: "1 MiB reused role", payload: set("role", { mode: "reuse", role: big() }), field: "role.role" },
    {
      name: "1 MiB KMS key ARN",
      payload: set("encryption", { mode: "sse-kms", sourceKeyArn: big(), destinationKeyArn: big(), bucketKeys: true }),
      field: "encryption.sourceKeyArn",
    },
    {
      name: "1 MiB leftover of the other encryption variant",
      payload: set("encryption", { mode: "none", sourceKeyArn: big() }),
      field: "encryption.sourceKeyArn",
    },
    {
      name: "1 MiB batch bucket (option off)",
      payload: set("existingObjects", { enabled: false, bucket: big() }),
      field: "existingObjects.bucket",
    },
    {
      name: "1 MiB batch role name (option off)",
      payload: set("existingObjects", { enabled: false, roleName: big() }),
      field: "existingObjects.roleName",
    },
    {
      name: "1 MiB batch report prefix",
      payload: set("existingObjects", { enabled: true, prefix: big() }),
      field: "existingObjects.prefix",
    },
    {
      name: "10,000 batch statuses",
      payload: set("existingObjects", { statuses: Array.from({ length: 10_000 }, () => "NONE") }),
      field: "existingObjects.statuses",
    },
    // Deeply nested junk
    { name: "deeply nested junk as the input", payload: deeplyNested(), field: "a" },
    { name: "deeply nested junk as the rule", payload: set("rule", deeplyNested()), field: "rule.a" },
    { name: "deeply nested junk as a tag", payload: set("rule.tags", [deeplyNested()]), field: "rule.tags.0.a" },
    {
      name: "deeply nested junk beside the accounts",
      payload: set("accounts.source", { ...source, deep: deeplyNested() }),
      field: "accounts.source.deep",
    },
    // Prototype-pollution keys (own properties, as JSON.parse and React's reply decoder make them)
    { name: "own __proto__ at the top", payload: withOwnKey(valid, "__proto__", { polluted: true, policy: POLICY }), field: "__proto__" },
    {
      name: "constructor.prototype at the top",
      payload: { ...valid, constructor: { prototype: { polluted: true } } },
      field: "constructor",
    },
    {
      name: "own __proto__ in the rule",
      payload: set("rule", withOwnKey(rule, "__proto__", { Filter: { Prefix: "" } })),
      field: "rule.__proto__",
    },
    {
      name: "constructor in an account",
      payload: set("accounts.source", { ...source, constructor: { prototype: { polluted: true } } }),
      field: "accounts.source.constructor",
    },
    { name: "toString at the top", payload: { ...valid, toString: "x" }, field: "toString" },
    // Unknown keys that would make the refusal large if it named them all
    { name: "a 1 MiB key name", payload: { ...valid, [big("k")]: 1 }, field: "_form" },
    {
      name: "10,000 unknown keys in the rule",
      payload: set("rule", { ...rule, ...Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i])) }),
      field: "rule.k0",
    },
    // Extra fields: documents and plans are never accepted from the client
    { name: "a bucket policy beside the input", payload: { ...valid, policy: POLICY }, field: "policy" },
    {
      name: "a whole plan beside the input",
      payload: { ...valid, plan: { changes: [{ action: "PutBucketPolicy", after: POLICY }], fingerprint: "0".repeat(64) } },
      field: "plan",
    },
    {
      name: "a replication Filter in the rule",
      payload: set("rule", { ...rule, Filter: { Prefix: "" }, Destination: { Bucket: "arn:aws:s3:::elsewhere" } }),
      field: "rule.Filter",
    },
    {
      name: "a session token in an account",
      payload: set("accounts.source", { ...source, sessionToken: "FwoGZXIvYXdzE", secretAccessKey: "x" }),
      field: "accounts.source.sessionToken",
    },
    {
      name: "a key policy in the encryption step",
      payload: set("encryption", { mode: "none", keyPolicy: POLICY }),
      field: "encryption.keyPolicy",
    },
    {
      name: "a key policy beside SSE-KMS keys",
      payload: set("encryption", {
        mode: "sse-kms",
        sourceKeyArn: "arn:aws:kms:eu-west-1:111111111111:key/11111111-2222-3333-4444-555555555555",
        destinationKeyArn: "arn:aws:kms:eu-west-1:222222222222:key/66666666-7777-8888-9999-000000000000",
        bucketKeys: true,
        keyPolicy: POLICY,
      }),
      field: "encryption.keyPolicy",
    },
    {
      name: "a trust policy in the role step",
      payload: set("role", { mode: "create", roleName: "r", path: "/service-role/", trustPolicy: POLICY }),
      field: "role.trustPolicy",
    },
    {
      name: "statements in the bucket-policy step",
      payload: set("bucketPolicy", { Statement: POLICY.Statement }),
      field: "bucketPolicy.Statement",
    },
    {
      name: "an extra retention field",
      payload: set("objectLock.retention", { enabled: true, mode: "GOVERNANCE", unit: "Days", value: 1, Years: 100 }),
      field: "objectLock.retention.Years",
    },
    {
      name: "an extra Object Lock field",
      payload: set("objectLock", { retention: { enabled: false }, ObjectLockEnabled: "Enabled" }),
      field: "objectLock.ObjectLockEnabled",
    },
    {
      name: "an extra field on a tag",
      payload: set("rule", { ...rule, scope: "tags", tags: [{ key: "k", value: "v", Filter: {} }] }),
      field: "rule.tags.0.Filter",
    },
    {
      name: "a manifest in the batch options",
      payload: set("existingObjects", { enabled: true, manifest: { Location: { ObjectArn: "arn:aws:s3:::elsewhere/m.csv" } } }),
      field: "existingObjects.manifest",
    },
  ];
}
