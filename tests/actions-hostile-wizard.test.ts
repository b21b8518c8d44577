// Hostile input against the wizard's server actions, called directly as any HTTP client can (issue
// "Hardening"): malformed, oversized, deeply nested, prototype-key and extra-field payloads each get the
// action's typed refusal, never an exception, and change nothing. "Nothing" is measured: the app talks to a
// private emulator through a fault proxy that records every AWS call, and the store (plans, audit log) is
// counted; in each test a valid call then makes calls (and, for apply, writes and audit rows), so the test
// can fail. Also: what the browser really sends (draft, templates, import/export) passes the strict schemas.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { readLiveState, runDiagnostics } from "@/app/wizard/actions";
import { checkAccounts, connectAccounts } from "@/app/wizard/accounts/actions";
import { SANDBOX_ACCOUNTS } from "@/app/wizard/accounts/_components/sandbox-values";
import { withAccounts } from "@/app/wizard/accounts/_components/derived-names";
import { applyProgress, reviewPlan, startApply } from "@/app/wizard/apply/actions";
import { cleanValues, inputFileText } from "@/app/wizard/_components/input-export";
import { parseInputFile } from "@/app/wizard/_components/input-file";
import { TEMPLATES } from "@/app/wizard/_components/templates";
import type { FieldErrors } from "@/lib/schema/errors";
import { big, deeplyNested, type HostileCase, hostileWizardInputs, NON_OBJECTS, withOwnKey } from "@/testing/hostile-payloads";
import { defaultWizardInput, type WizardFormValues, wizardInput } from "@/lib/schema/wizard";
import { getStore } from "@/lib/store";
import { useProxiedEmulator } from "@/testing/proxied-emulator";

// The store opens LOCKBRIDGE_DATA_DIR at first use (lib/env caches it): a private directory for this file.
process.env.LOCKBRIDGE_DATA_DIR = mkdtempSync(path.join(tmpdir(), "lockbridge-hostile-wizard-"));

// startApply resolves who is acting from the request (next/headers cookies() and headers()), which only
// exists inside a Next request: outside one they throw. This mock is the request: a local user named in
// the LOCAL_USER_COOKIE cookie, as lib/people reads it (LOCKBRIDGE_IDENTITY defaults to local).
const request = vi.hoisted(() => ({ user: "Mallory Hostile" }));
vi.mock("next/headers", async () => {
  const { LOCAL_USER_COOKIE } = await import("@/lib/people/resolve");
  return {
    cookies: async () => ({
      get: (name: string) => (name === LOCAL_USER_COOKIE ? { value: encodeURIComponent(request.user) } : undefined),
      set: () => undefined,
    }),
    headers: async () => new Headers(),
  };
});

const VAULT = "lockbridge-demo-vault";
const POLICY = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:*", Resource: "*" }] };

const sandbox = useProxiedEmulator("testing/seeds/sandbox.json");

/** The draft as the browser sends it: form values with the role and encryption forms' other-variant fields. */
function browserValues(): WizardFormValues {
  const v = defaultWizardInput({ accounts: SANDBOX_ACCOUNTS });
  return {
    ...v,
    role: { ...v.role, role: "" } as WizardFormValues["role"],
    encryption: { mode: "none", sourceKeyArn: "", destinationKeyArn: "", bucketKeys: true },
  };
}
// The Object Lock step's typed confirmation travels with the input (Review and Apply refuse without it).
const valid = { ...browserValues(), confirmations: { objectLock: { bucket: VAULT, mode: "NONE" } } } as unknown as Record<string, unknown>;

const READ = /^(Get|List|Head|Describe|Simulate|AssumeRole$)/;
const callsSince = (mark: number) => sandbox.proxy.calls.slice(mark).map((c) => c.operation);
const writesSince = (mark: number) => callsSince(mark).filter((op) => !READ.test(op));

async function storeRows() {
  const store = getStore();
  return { plans: (await store.listPlans({})).total, audit: (await store.listAudit({}, { limit: 1 })).total };
}

/**
 * Calls `action` with every case: each must return (not throw) what `check` accepts, and together they
 * must make no AWS call at all and add no plan or audit row. Returns the proxy mark for the valid call.
 */
async function refusedAndUnchanged<R>(
  cases: HostileCase[],
  action: (payload: unknown) => Promise<R>,
  check: (r: R, c: HostileCase) => void,
): Promise<number> {
  const rows = await storeRows();
  const mark = sandbox.proxy.calls.length;
  for (const c of cases) {
    const r = await action(c.payload).catch((err: unknown) => {
      throw new Error(`${c.name}: the action threw instead of returning a typed error: ${String(err)}`);
    });
    check(r, c);
  }
  await new Promise((resolve) => setTimeout(resolve, 200)); // anything started in the background would have called AWS by now
  expect(callsSince(mark), "AWS calls made for hostile payloads").toEqual([]);
  expect(await storeRows(), "store rows added for hostile payloads").toEqual(rows);
  expect(({} as Record<string, unknown>).polluted, "Object.prototype polluted").toBeUndefined();
  return sandbox.proxy.calls.length;
}

/** `{ ok: false, fieldErrors }` naming `prefix + c.field`, and small: a refusal never echoes a 1 MiB value back. */
function fieldRefusal(prefix = "") {
  return (r: unknown, c: HostileCase) => {
    expect(r, c.name).toMatchObject({ ok: false, fieldErrors: expect.any(Object) });
    const errors = (r as { fieldErrors: FieldErrors }).fieldErrors;
    expect(Object.keys(errors).length, c.name).toBeGreaterThan(0);
    if (c.field)
      expect(Object.hasOwn(errors, prefix + c.field), `${c.name}: ${prefix}${c.field} in ${JSON.stringify(Object.keys(errors))}`).toBe(
        true,
      );
    for (const message of Object.values(errors)) expect(typeof message, c.name).toBe("string");
    expect(JSON.stringify(r).length, c.name).toBeLessThan(20_000);
  };
}
function messageRefusal(r: unknown, c: HostileCase) {
  expect(r, c.name).toEqual({ ok: false, message: expect.any(String) });
  expect(JSON.stringify(r).length, c.name).toBeLessThan(2_000);
}

const wizardCases = () => hostileWizardInputs(valid);

describe("wizard actions refuse hostile input and change nothing", () => {
  it("readLiveState", async () => {
    const mark = await refusedAndUnchanged(wizardCases(), readLiveState, fieldRefusal());
    expect(await readLiveState(valid)).toMatchObject({ ok: true });
    expect(callsSince(mark).length).toBeGreaterThan(0);
    expect(writesSince(mark)).toEqual([]);
  });

  it("runDiagnostics", async () => {
    const mark = await refusedAndUnchanged(wizardCases(), runDiagnostics, fieldRefusal());
    expect(await runDiagnostics(valid)).toMatchObject({ ok: true });
    expect(callsSince(mark).length).toBeGreaterThan(0);
  }, 60_000);

  /** Hostile values for the Accounts form, the field each must be refused on. */
  const accountsCases = (): HostileCase[] => {
    const accounts = valid.accounts as Record<string, unknown>;
    return [
      ...NON_OBJECTS,
      ...wizardCases()
        .filter((c) => c.field?.startsWith("accounts."))
        .map((c) => ({ name: c.name, payload: (c.payload as { accounts: unknown }).accounts, field: c.field!.slice("accounts.".length) })),
      { name: "a policy beside the accounts", payload: { ...accounts, policy: POLICY }, field: "policy" },
      {
        name: "credentials beside the accounts",
        payload: { ...accounts, credentials: { accessKeyId: "AKIA", secretAccessKey: "x" } },
        field: "credentials",
      },
      { name: "own __proto__", payload: withOwnKey(accounts, "__proto__", { polluted: true }), field: "__proto__" },
      { name: "a third side", payload: { ...accounts, audit: accounts.source }, field: "audit" },
      { name: "deeply nested junk", payload: deeplyNested(), field: "a" },
      {
        name: "the same account twice",
        payload: { source: accounts.source, destination: { ...(accounts.source as object), bucket: VAULT } },
        field: "destination.accountId",
      },
    ];
  };

  it("connectAccounts (the accounts step)", async () => {
    const mark = await refusedAndUnchanged(accountsCases(), connectAccounts, fieldRefusal());
    expect(await connectAccounts(valid.accounts)).toMatchObject({ kind: "connection", ok: true });
    expect(callsSince(mark)).toContain("AssumeRole");
  });

  it("checkAccounts (the Accounts form's checks, on the server)", async () => {
    // Every hostile value is invalid, with a message on the form's own field when it is one; nothing is
    // read or written, and a message never echoes a 1 MiB value back.
    await refusedAndUnchanged(accountsCases(), checkAccounts, (r, c) => {
      expect(r, c.name).toMatchObject({ ok: true, validation: { ok: false } });
      const errors = (r as { validation: { errors: FieldErrors } }).validation.errors;
      expect(Object.keys(errors).length, c.name).toBeGreaterThan(0);
      if (c.field && /^(source|destination)\.(accountId|region|bucket|access|roleArn|externalId)$/.test(c.field))
        expect(Object.keys(errors), c.name).toContain(c.field);
      expect(JSON.stringify(r).length, c.name).toBeLessThan(10_000);
    });
    const ok = await checkAccounts(valid.accounts);
    expect(ok).toMatchObject({ ok: true, validation: { ok: true, data: { source: { accountId: "111111111111" } } } });
    // The messages are the form's words: a too-short account ID, a role in the other account.
    const accounts = valid.accounts as { source: Record<string, unknown>; destination: Record<string, unknown> };
    const bad = await checkAccounts({
      ...accounts,
      source: { ...accounts.source, accountId: "123" },
      destination: { ...accounts.destination, roleArn: "arn:aws:iam::111111111111:role/LockbridgeAdmin" },
    });
    const errors = (bad as { validation: { errors: FieldErrors } }).validation.errors;
    expect(errors["source.accountId"]).toMatch(/exactly 12 digits/);
    expect(errors["destination.roleArn"]).toMatch(/222222222222/);
  });

  it("reviewPlan", async () => {
    const mark = await refusedAndUnchanged(wizardCases(), reviewPlan, fieldRefusal());
    expect(await reviewPlan(valid)).toMatchObject({ ok: true, plan: { applyable: true } });
    expect(callsSince(mark).length).toBeGreaterThan(0);
  });

  it("startApply and applyProgress: no run, no write, no audit row; the valid request applies", async () => {
    const review = await reviewPlan(valid);
    if (!review.ok || !("plan" in review)) throw new Error("review failed");
    const fingerprint = review.plan.fingerprint;
    const request = { input: valid, fingerprint, confirm: VAULT };
    const cases: HostileCase[] = [
      ...NON_OBJECTS,
      { name: "no fingerprint", payload: { input: valid }, field: "fingerprint" },
      { name: "a fingerprint that is not one", payload: { ...request, fingerprint: "x".repeat(64) }, field: "fingerprint" },
      { name: "a 1 MiB confirmation", payload: { ...request, confirm: big() }, field: "confirm" },
      { name: "a resume run ID that is a path", payload: { ...request, resumeRunId: "../../etc/passwd" }, field: "resumeRunId" },
      { name: "otherHalfApplied as a string", payload: { ...request, otherHalfApplied: "yes" }, field: "otherHalfApplied" },
      {
        name: "a plan beside the request",
        payload: { ...request, plan: { changes: [{ action: "PutBucketPolicy", after: POLICY }] } },
        field: "plan",
      },
      { name: "a policy beside the request", payload: { ...request, policy: POLICY }, field: "policy" },
      { name: "an actor beside the request (the audit log's who)", payload: { ...request, actor: "root" }, field: "actor" },
      { name: "own __proto__ in the request", payload: withOwnKey(request, "__proto__", { polluted: true }), field: "__proto__" },
      { name: "deeply nested junk as the request", payload: deeplyNested(), field: "a" },
      // The request is right, the input is hostile: the errors are reported under input.
      ...wizardCases().map((c) => ({
        name: `input: ${c.name}`,
        payload: { ...request, input: c.payload },
        field: c.field ? (c.field === "_form" ? "input" : `input.${c.field}`) : undefined,
      })),
    ];
    const mark = await refusedAndUnchanged(cases, (p) => startApply(p as Parameters<typeof startApply>[0]), fieldRefusal());
    const progressCases: HostileCase[] = [
      ...NON_OBJECTS,
      { name: "1 MiB", payload: big() },
      { name: "a path", payload: "../runs" },
      { name: "an unknown run", payload: "00000000-0000-4000-8000-000000000000" },
    ];
    await refusedAndUnchanged(progressCases, applyProgress, messageRefusal);

    const rows = await storeRows();
    const started = await startApply(request as Parameters<typeof startApply>[0]);
    if (!started.ok) throw new Error(`valid apply refused: ${JSON.stringify(started)}`);
    let status = "running";
    for (let i = 0; i < 600 && status === "running"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const p = await applyProgress(started.runId);
      if (p.ok) status = p.run.status;
    }
    expect(status).toBe("succeeded");
    expect(writesSince(mark)).toEqual(expect.arrayContaining(["PutBucketPolicy", "PutBucketReplication"]));
    await expect.poll(async () => (await storeRows()).audit).toBeGreaterThan(rows.audit);
  }, 90_000);
});

describe("what the browser sends passes the strict schemas", () => {
  const accepted = (v: unknown) => {
    const r = wizardInput.safeParse(v);
    return r.success ? [] : r.error.issues.filter((i) => i.code === "unrecognized_keys").map((i) => `${i.path.join(".")}: ${i.message}`);
  };
  it("the draft with form leftovers, after Connect (withAccounts), templates, export and import", () => {
    const v = browserValues();
    expect(wizardInput.safeParse(v).success).toBe(true);
    expect(
      wizardInput.safeParse(
        withAccounts(v, { ...SANDBOX_ACCOUNTS, destination: { ...SANDBOX_ACCOUNTS.destination, bucket: "another-vault" } }),
      ).success,
    ).toBe(true);
    for (const t of TEMPLATES) expect(accepted(t.apply(v)), t.id).toEqual([]);
    expect(wizardInput.safeParse(cleanValues(v)).success).toBe(true);
    const imported = parseInputFile(inputFileText(v));
    expect(imported.ok && wizardInput.safeParse(imported.values).success).toBe(true);
    // A saved plan's input (wizardInput's output) is loaded back into the wizard by "Edit in wizard".
    expect(wizardInput.safeParse(JSON.parse(JSON.stringify(wizardInput.parse(v)))).success).toBe(true);
  });
  it("an imported file with a key the schema does not know is refused, naming it", () => {
    const r = parseInputFile(JSON.stringify({ ...cleanValues(browserValues()), policy: POLICY }));
    expect(r).toMatchObject({ ok: false, issues: [expect.stringContaining('Unknown field "policy"')] });
  });
});
