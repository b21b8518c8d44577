// Hostile input against the Verify (canary) and Existing objects (S3 Batch Replication) server actions,
// called directly as any HTTP client can (issue "Hardening"). Each hostile payload gets the typed refusal
// ({ ok: false, fieldErrors } or { ok: false, message }), never an exception, and changes nothing: no AWS
// call through the recording fault proxy in front of a private emulator (seeded as after an apply), no
// audit row. In each test the valid call then does call AWS (and the upload writes and records an audit
// row), so the test can fail.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { SANDBOX_ACCOUNTS } from "@/app/wizard/accounts/_components/sandbox-values";
import { batchJobStatus, createBatchJob } from "@/app/wizard/existing-objects/actions";
import { canaryPreflight, pollCanary, uploadCanaryObject } from "@/app/wizard/verify/actions";
import type { CanaryTarget } from "@/lib/aws/canary";
import type { FieldErrors } from "@/lib/schema/errors";
import { big, deeplyNested, type HostileCase, hostileWizardInputs, NON_OBJECTS, withOwnKey } from "@/testing/hostile-payloads";
import { defaultWizardInput, type WizardFormValues } from "@/lib/schema/wizard";
import { getStore } from "@/lib/store";
import { useProxiedEmulator } from "@/testing/proxied-emulator";

// The store opens LOCKBRIDGE_DATA_DIR at first use (lib/env caches it): a private directory for this file.
process.env.LOCKBRIDGE_DATA_DIR = mkdtempSync(path.join(tmpdir(), "lockbridge-hostile-verify-"));

// The audit sink names the acting person from the request (next/headers cookies() and headers()), which
// only exists inside a Next request: outside one they throw. This mock is the request: a local user named
// in the LOCAL_USER_COOKIE cookie, as lib/people reads it (LOCKBRIDGE_IDENTITY defaults to local).
vi.mock("next/headers", async () => {
  const { LOCAL_USER_COOKIE } = await import("@/lib/people/resolve");
  return {
    cookies: async () => ({ get: (name: string) => (name === LOCAL_USER_COOKIE ? { value: "Mallory" } : undefined), set: () => undefined }),
    headers: async () => new Headers(),
  };
});

const POLICY = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:*", Resource: "*" }] };

// The state after an apply: the vault has a 1-day COMPLIANCE default retention, the source has the rule.
const sandbox = useProxiedEmulator("testing/seeds/verify.json");

/** The draft as the browser sends it (form leftovers included), with the batch job switched on. */
function browserValues(): Record<string, unknown> {
  const v = defaultWizardInput({ accounts: SANDBOX_ACCOUNTS });
  return {
    ...v,
    role: { ...v.role, role: "" },
    encryption: { mode: "none", sourceKeyArn: "", destinationKeyArn: "", bucketKeys: true },
    existingObjects: {
      enabled: true,
      bucket: "",
      prefix: "lockbridge/batch-reports/",
      statuses: ["NONE", "FAILED"],
      reportScope: "FailedTasksOnly",
      priority: 10,
      roleName: "",
    },
  } satisfies WizardFormValues;
}
const valid = browserValues();
const wizardCases = () => hostileWizardInputs(valid);

const READ = /^(Get|List|Head|Describe|Simulate|AssumeRole$)/;
const callsSince = (mark: number) => sandbox.proxy.calls.slice(mark).map((c) => c.operation);
const writesSince = (mark: number) => callsSince(mark).filter((op) => !READ.test(op));
const auditRows = async () => (await getStore().listAudit({}, { limit: 1 })).total;

/**
 * Calls `action` with every case: each must return (not throw) `{ ok: false, fieldErrors }` naming the
 * case's field, or `{ ok: false, message }` when the case names none; together they make no AWS call and
 * add no audit row. Returns the proxy mark for the valid call that follows.
 */
/** The request's input is parsed as part of the request: its fields are reported under "input." ("input" for the whole). */
const inputField = (field: string | undefined) => (field === undefined ? undefined : field === "_form" ? "input" : `input.${field}`);

async function refusedAndUnchanged(cases: HostileCase[], action: (payload: unknown) => Promise<unknown>): Promise<number> {
  const audit = await auditRows();
  const mark = sandbox.proxy.calls.length;
  for (const c of cases) {
    const r = await action(c.payload).catch((err: unknown) => {
      throw new Error(`${c.name}: the action threw instead of returning a typed error: ${String(err)}`);
    });
    if (c.field) {
      expect(r, c.name).toMatchObject({ ok: false, fieldErrors: expect.any(Object) });
      const errors = (r as { fieldErrors: FieldErrors }).fieldErrors;
      expect(Object.hasOwn(errors, c.field), `${c.name}: ${c.field} in ${JSON.stringify(Object.keys(errors))}`).toBe(true);
    } else {
      expect(r, c.name).toMatchObject({ ok: false });
      expect("fieldErrors" in (r as object) || typeof (r as { message?: unknown }).message === "string", c.name).toBe(true);
    }
    expect(JSON.stringify(r).length, `${c.name}: the refusal echoes the payload`).toBeLessThan(20_000);
  }
  expect(callsSince(mark), "AWS calls made for hostile payloads").toEqual([]);
  expect(await auditRows(), "audit rows added for hostile payloads").toBe(audit);
  expect(({} as Record<string, unknown>).polluted, "Object.prototype polluted").toBeUndefined();
  return sandbox.proxy.calls.length;
}

describe("verify and existing-objects actions refuse hostile input and change nothing", () => {
  let target: CanaryTarget;

  it("canaryPreflight", async () => {
    const mark = await refusedAndUnchanged(wizardCases(), canaryPreflight);
    expect(await canaryPreflight(valid)).toMatchObject({ ok: true, notice: { retention: { mode: "COMPLIANCE" } } });
    expect(callsSince(mark).length).toBeGreaterThan(0);
  });

  it("uploadCanaryObject: no upload, no audit row; the valid request uploads", async () => {
    const request = { input: valid, acknowledged: true };
    const cases: HostileCase[] = [
      ...NON_OBJECTS,
      { name: "no acknowledgement", payload: { input: valid }, field: "acknowledged" },
      { name: "an acknowledgement as a string", payload: { input: valid, acknowledged: "yes" }, field: "acknowledged" },
      { name: "a key beside the request", payload: { ...request, key: "../../invoices/2026/INV-2026-0001.pdf" }, field: "key" },
      { name: "a 1 MiB body beside the request", payload: { ...request, body: big() }, field: "body" },
      { name: "a policy beside the request", payload: { ...request, policy: POLICY }, field: "policy" },
      {
        name: "a retention beside the request",
        payload: { ...request, retainUntil: "2999-01-01T00:00:00Z", mode: "COMPLIANCE" },
        field: "retainUntil",
      },
      { name: "own __proto__", payload: withOwnKey(request, "__proto__", { polluted: true }), field: "__proto__" },
      { name: "deeply nested junk", payload: deeplyNested(), field: "a" },
      ...wizardCases().map((c) => ({ name: `input: ${c.name}`, payload: { ...request, input: c.payload }, field: inputField(c.field) })),
    ];
    const mark = await refusedAndUnchanged(cases, (p) => uploadCanaryObject(p as Parameters<typeof uploadCanaryObject>[0]));
    const audit = await auditRows();
    const r = await uploadCanaryObject(request);
    if (!r.ok) throw new Error(JSON.stringify(r));
    target = r.target;
    expect(writesSince(mark)).toEqual(["PutObject"]);
    expect(await auditRows()).toBe(audit + 1);
  });

  it("pollCanary", async () => {
    const request = { input: valid, target, waitSeconds: 5 };
    const cases: HostileCase[] = [
      ...NON_OBJECTS,
      { name: "no target", payload: { input: valid, waitSeconds: 5 }, field: "target" },
      { name: "a target as a string", payload: { ...request, target: "s3://x" }, field: "target" },
      { name: "waitSeconds 0", payload: { ...request, waitSeconds: 0 }, field: "waitSeconds" },
      { name: "waitSeconds a billion", payload: { ...request, waitSeconds: 1e9 }, field: "waitSeconds" },
      { name: "waitSeconds as a string", payload: { ...request, waitSeconds: "5" }, field: "waitSeconds" },
      { name: "a 1 MiB target bucket", payload: { ...request, target: { ...target, bucket: big() } }, field: "target.bucket" },
      {
        name: "a target key outside the canary folder",
        payload: { ...request, target: { ...target, key: "invoices/2026/INV-2026-0001.pdf" } },
        field: "target.key",
      },
      { name: "a 1 MiB target key", payload: { ...request, target: { ...target, key: big() } }, field: "target.key" },
      { name: "a 1 MiB version ID", payload: { ...request, target: { ...target, versionId: big() } }, field: "target.versionId" },
      {
        name: "a 1 MiB retain-until",
        payload: { ...request, target: { ...target, retainUntilAtLeast: big() } },
        field: "target.retainUntilAtLeast",
      },
      {
        name: "an upload time that is not one",
        payload: { ...request, target: { ...target, uploadedAt: "yesterday" } },
        field: "target.uploadedAt",
      },
      { name: "a policy in the target", payload: { ...request, target: { ...target, policy: POLICY } }, field: "target.policy" },
      { name: "a plan beside the request", payload: { ...request, plan: { changes: [] } }, field: "plan" },
      {
        name: "own __proto__ in the target",
        payload: { ...request, target: withOwnKey(target, "__proto__", { polluted: true }) },
        field: "target.__proto__",
      },
      { name: "deeply nested junk", payload: deeplyNested(), field: "a" },
      { name: "a canary in another bucket", payload: { ...request, target: { ...target, bucket: "someone-elses-bucket" } } },
      ...wizardCases().map((c) => ({ name: `input: ${c.name}`, payload: { ...request, input: c.payload }, field: inputField(c.field) })),
    ];
    const mark = await refusedAndUnchanged(cases, pollCanary);
    expect(await pollCanary(request)).toMatchObject({ ok: true, check: expect.any(Object) });
    expect(callsSince(mark)).toContain("HeadObject");
    expect(writesSince(mark)).toEqual([]);
  });

  it("createBatchJob: no AWS call at all; the valid request reads both accounts and creates the job", async () => {
    const mark = await refusedAndUnchanged(wizardCases(), createBatchJob);
    // The sandbox answers S3 Batch Operations (its replication engine): the valid request creates the batch
    // role and the job. tests/batch-job.test.ts covers the writes in detail.
    expect(await createBatchJob(valid)).toMatchObject({ ok: true, outcome: "created" });
    expect(callsSince(mark)).toEqual(expect.arrayContaining(["AssumeRole", "GetBucketReplication", "CreateRole"]));
  });

  it("batchJobStatus", async () => {
    const request = { input: valid, jobId: "0123456789abcdef" };
    const cases: HostileCase[] = [
      ...NON_OBJECTS,
      { name: "no job ID", payload: { input: valid }, field: "jobId" },
      { name: "a job ID that is a path", payload: { ...request, jobId: "../../jobs" }, field: "jobId" },
      { name: "a 1 MiB job ID", payload: { ...request, jobId: big() }, field: "jobId" },
      { name: "another account beside the request", payload: { ...request, accountId: "999999999999" }, field: "accountId" },
      { name: "own __proto__", payload: withOwnKey(request, "__proto__", { polluted: true }), field: "__proto__" },
      { name: "deeply nested junk", payload: deeplyNested(), field: "a" },
      ...wizardCases().map((c) => ({ name: `input: ${c.name}`, payload: { ...request, input: c.payload }, field: inputField(c.field) })),
    ];
    const mark = await refusedAndUnchanged(cases, batchJobStatus);
    // No such job in the sandbox: the valid request reaches S3 Control (DescribeJob) and reports NoSuchJob.
    expect(await batchJobStatus(request)).toMatchObject({ ok: false, message: expect.any(String) });
    expect(callsSince(mark).length).toBeGreaterThan(0);
    expect(writesSince(mark)).toEqual([]);
  });
});
