// Hostile input against the saved-plan server actions (app/plans/actions.ts) and the name action
// (app/people/actions.ts), called directly as any HTTP client can (issue "Hardening"). Each hostile payload
// gets the typed refusal ({ ok: false, message, fieldErrors? }), never an exception,
// and changes nothing: no AWS call through the recording fault proxy in front of a private emulator, no
// plan row, no audit row, the plan record byte for byte the same, no cookie set. In each test the valid
// call then does change something (a row, a history entry, writes), so the test can fail. The tests run in
// order: save → update → submit → approve → apply → rollback → replan → reject → comment.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import {
  applySavedPlan,
  approvePlan,
  commentOnPlan,
  rejectPlan,
  replanPlan,
  rollbackPlan,
  savedPlanProgress,
  savePlan,
  submitPlan,
  updatePlan,
} from "@/app/plans/actions";
import { SANDBOX_ACCOUNTS } from "@/app/wizard/accounts/_components/sandbox-values";
import { setLocalUser } from "@/app/people/actions";
import { big, deeplyNested, type HostileCase, hostileWizardInputs, NON_OBJECTS, withOwnKey } from "@/testing/hostile-payloads";
import { defaultWizardInput, type WizardFormValues } from "@/lib/schema/wizard";
import { getStore } from "@/lib/store";
import { useProxiedEmulator } from "@/testing/proxied-emulator";

// The store opens LOCKBRIDGE_DATA_DIR at first use (lib/env caches it): a private directory for this file.
process.env.LOCKBRIDGE_DATA_DIR = mkdtempSync(path.join(tmpdir(), "lockbridge-hostile-plans-"));

// The actions resolve who is acting from the request (next/headers cookies() and headers()), which only
// exists inside a Next request: outside one they throw. This mock is the request: a local user named in
// the LOCAL_USER_COOKIE cookie, as lib/people reads it (LOCKBRIDGE_IDENTITY defaults to local). `user`
// switches people (four eyes); `setCookies` records what setLocalUser writes.
const request = vi.hoisted(() => ({ user: "Alice", setCookies: [] as unknown[][] }));
vi.mock("next/headers", async () => {
  const { LOCAL_USER_COOKIE } = await import("@/lib/people/resolve");
  return {
    cookies: async () => ({
      get: (name: string) => (name === LOCAL_USER_COOKIE ? { value: encodeURIComponent(request.user) } : undefined),
      set: (...args: unknown[]) => void request.setCookies.push(args),
    }),
    headers: async () => new Headers(),
  };
});

const VAULT = "lockbridge-demo-vault";
const POLICY = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:*", Resource: "*" }] };

const sandbox = useProxiedEmulator("testing/seeds/sandbox.json");

/** The draft as the browser sends it: form values with the role and encryption forms' other-variant fields. */
function browserValues(ruleId = ""): Record<string, unknown> {
  const v = defaultWizardInput({ accounts: SANDBOX_ACCOUNTS, rule: { ruleId } });
  return {
    ...v,
    role: { ...v.role, role: "" },
    encryption: { mode: "none", sourceKeyArn: "", destinationKeyArn: "", bucketKeys: true },
  } satisfies WizardFormValues;
}
const valid = browserValues();

const READ = /^(Get|List|Head|Describe|Simulate|AssumeRole$)/;
const callsSince = (mark: number) => sandbox.proxy.calls.slice(mark).map((c) => c.operation);
const writesSince = (mark: number) => callsSince(mark).filter((op) => !READ.test(op));

async function storeRows() {
  const store = getStore();
  return { plans: (await store.listPlans({})).total, audit: (await store.listAudit({}, { limit: 1 })).total };
}
const record = async (id: string) => JSON.stringify(await getStore().getPlan(id));

/**
 * Calls `action` with every case: each must return (not throw) `{ ok: false, message }` (plus the field
 * when the case names one), and together they make no AWS call, add no row, leave `id`'s record as it
 * was and set no cookie. Returns the proxy mark for the valid call that follows.
 */
async function refusedAndUnchanged(cases: HostileCase[], action: (payload: unknown) => Promise<unknown>, id?: string): Promise<number> {
  const rows = await storeRows();
  const rec = id ? await record(id) : undefined;
  const cookies = request.setCookies.length;
  const mark = sandbox.proxy.calls.length;
  for (const c of cases) {
    const r = await action(c.payload).catch((err: unknown) => {
      throw new Error(`${c.name}: the action threw instead of returning a typed error: ${String(err)}`);
    });
    expect(r, c.name).toMatchObject({ ok: false, message: expect.any(String) });
    const errors = (r as { fieldErrors?: Record<string, string> }).fieldErrors;
    if (c.field)
      expect(errors && Object.hasOwn(errors, c.field), `${c.name}: ${c.field} in ${JSON.stringify(Object.keys(errors ?? {}))}`).toBe(true);
    expect(JSON.stringify(r).length, `${c.name}: the refusal echoes the payload`).toBeLessThan(20_000);
  }
  await new Promise((resolve) => setTimeout(resolve, 200)); // anything started in the background would have called AWS by now
  expect(callsSince(mark), "AWS calls made for hostile payloads").toEqual([]);
  expect(await storeRows(), "store rows added for hostile payloads").toEqual(rows);
  if (id) expect(await record(id), "plan record changed by hostile payloads").toBe(rec);
  expect(request.setCookies.length, "cookie set for hostile payloads").toBe(cookies);
  expect(({} as Record<string, unknown>).polluted, "Object.prototype polluted").toBeUndefined();
  return sandbox.proxy.calls.length;
}

/** Hostile plan ids: the argument of updatePlan, replanPlan and rollbackPlan. */
const badIds: HostileCase[] = [
  ...NON_OBJECTS,
  { name: "1 MiB id", payload: big() },
  { name: "a path", payload: "../../.data/lockbridge.db" },
  { name: "SQL", payload: "x' OR '1'='1" },
  { name: "an object with an id", payload: { id: "aaaaaaaaaaaaaaaaaaaa" } },
  { name: "an unknown id", payload: "unknownplanid00000000" },
];
/** Hostile `{ id, comment, … }` requests for a plan `id` (submit, reject, comment; approve adds its own). */
function commentCases(id: string): HostileCase[] {
  return [
    ...NON_OBJECTS,
    { name: "no id", payload: { comment: "ok" }, field: "id" },
    { name: "1 MiB id", payload: { id: big() }, field: "id" },
    { name: "a 1 MiB comment", payload: { id, comment: big() }, field: "comment" },
    { name: "a comment as an object", payload: { id, comment: { text: "ok" } }, field: "comment" },
    { name: "a status beside the request", payload: { id, comment: "ok", status: "applied" }, field: "status" },
    { name: "an actor beside the request", payload: { id, comment: "ok", actor: { name: "Bob", source: "local" } }, field: "actor" },
    {
      name: "a plan beside the request",
      payload: { id, comment: "ok", plan: { changes: [{ action: "PutBucketPolicy", after: POLICY }] } },
      field: "plan",
    },
    { name: "an input beside the request", payload: { id, comment: "ok", input: valid }, field: "input" },
    { name: "own __proto__", payload: withOwnKey({ id, comment: "ok" }, "__proto__", { polluted: true }), field: "__proto__" },
    { name: "deeply nested junk", payload: deeplyNested(), field: "a" },
  ];
}

async function settled(runId: string): Promise<string> {
  for (let i = 0; i < 600; i++) {
    const p = await savedPlanProgress(runId);
    if (p.ok && p.run.status !== "running") return p.run.status;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("run did not end");
}

describe("saved-plan actions refuse hostile input and change nothing", () => {
  let id = "";
  let fingerprint = "";
  let rollbackId = "";

  it("savePlan", async () => {
    const rows = await storeRows();
    const mark = await refusedAndUnchanged(hostileWizardInputs(valid), savePlan);
    const saved = await savePlan(browserValues("hostile-save"));
    if (!saved.ok) throw new Error(JSON.stringify(saved));
    id = saved.id;
    expect((await storeRows()).plans).toBe(rows.plans + 1);
    expect(callsSince(mark).length).toBeGreaterThan(0); // the server read both accounts to build the plan
  });

  it("updatePlan: hostile ids and hostile input", async () => {
    const cases: HostileCase[] = [
      ...badIds.map((c) => ({ ...c, payload: [c.payload, valid] })),
      ...hostileWizardInputs(valid).map((c) => ({ ...c, payload: [id, c.payload] })),
    ];
    const mark = await refusedAndUnchanged(cases, (p) => updatePlan(...(p as [unknown, unknown])), id);
    const before = (await getStore().getPlan(id))!;
    expect(await updatePlan(id, browserValues("hostile-update"))).toEqual({ ok: true, id });
    const after = (await getStore().getPlan(id))!;
    expect(after.version).toBeGreaterThan(before.version);
    expect(after.input.rule.ruleId).toBe("hostile-update");
    expect(callsSince(mark).length).toBeGreaterThan(0);
    fingerprint = after.fingerprint;
  });

  it("submitPlan", async () => {
    await refusedAndUnchanged(commentCases(id), submitPlan, id);
    expect(await submitPlan({ id, comment: "please review" })).toEqual({ ok: true });
    expect((await getStore().getPlan(id))!.status).toBe("submitted");
  });

  it("approvePlan (by someone else: four eyes)", async () => {
    request.user = "Bob";
    const cases: HostileCase[] = [
      ...commentCases(id).map((c) =>
        typeof c.payload === "object" && c.payload !== null && "id" in c.payload && c.name !== "own __proto__"
          ? { ...c, payload: { fingerprint, ...c.payload } }
          : c,
      ),
      { name: "no fingerprint", payload: { id }, field: "fingerprint" },
      { name: "a fingerprint that is not one", payload: { id, fingerprint: big("f") }, field: "fingerprint" },
      { name: "an approver beside the request", payload: { id, fingerprint, approver: "Carol" }, field: "approver" },
      { name: "own __proto__", payload: withOwnKey({ id, fingerprint }, "__proto__", { polluted: true }), field: "__proto__" },
    ];
    await refusedAndUnchanged(cases, approvePlan, id);
    expect(await approvePlan({ id, fingerprint, comment: "ok" })).toEqual({ ok: true });
    expect((await getStore().getPlan(id))!.status).toBe("approved");
  });

  it("applySavedPlan and savedPlanProgress: no run, no write; the valid request applies", async () => {
    const cases: HostileCase[] = [
      ...NON_OBJECTS,
      { name: "no id", payload: { confirm: VAULT }, field: "id" },
      { name: "a 1 MiB confirmation", payload: { id, confirm: big() }, field: "confirm" },
      {
        name: "a plan beside the request",
        payload: { id, confirm: VAULT, plan: { changes: [{ action: "PutBucketPolicy", after: POLICY }] } },
        field: "plan",
      },
      { name: "an input beside the request", payload: { id, confirm: VAULT, input: valid }, field: "input" },
      { name: "a fingerprint beside the request", payload: { id, confirm: VAULT, fingerprint: "0".repeat(64) }, field: "fingerprint" },
      { name: "a policy beside the request", payload: { id, confirm: VAULT, policy: POLICY }, field: "policy" },
      { name: "own __proto__", payload: withOwnKey({ id, confirm: VAULT }, "__proto__", { polluted: true }), field: "__proto__" },
      { name: "deeply nested junk", payload: deeplyNested(), field: "a" },
    ];
    const mark = await refusedAndUnchanged(cases, applySavedPlan, id);
    await refusedAndUnchanged([...badIds, { name: "an unknown run", payload: "00000000-0000-4000-8000-000000000000" }], savedPlanProgress);

    const rows = await storeRows();
    const started = await applySavedPlan({ id, confirm: VAULT });
    const result = started.ok ? started.result : undefined;
    if (!result?.ok || result.kind !== "apply") throw new Error(JSON.stringify(started));
    expect(await settled(result.runId)).toBe("succeeded");
    expect(writesSince(mark)).toEqual(expect.arrayContaining(["PutBucketPolicy", "PutBucketReplication"]));
    await expect.poll(async () => (await storeRows()).audit).toBeGreaterThan(rows.audit);
    await expect.poll(async () => (await getStore().getPlan(id))!.status).toBe("applied");
  }, 90_000);

  it("rollbackPlan", async () => {
    request.user = "Alice";
    await refusedAndUnchanged(badIds, rollbackPlan, id);
    const rows = await storeRows();
    const mark = sandbox.proxy.calls.length;
    const r = await rollbackPlan(id);
    if (!r.ok) throw new Error(JSON.stringify(r));
    rollbackId = r.id;
    expect((await storeRows()).plans).toBe(rows.plans + 1);
    expect(callsSince(mark).length).toBeGreaterThan(0);
  });

  it("replanPlan", async () => {
    const mark = await refusedAndUnchanged(badIds, replanPlan, rollbackId);
    expect(await replanPlan(rollbackId)).toMatchObject({ ok: true });
    expect(callsSince(mark).length).toBeGreaterThan(0); // re-read live state
  });

  it("rejectPlan", async () => {
    expect(await submitPlan({ id: rollbackId })).toEqual({ ok: true });
    request.user = "Bob";
    await refusedAndUnchanged(commentCases(rollbackId), rejectPlan, rollbackId);
    expect(await rejectPlan({ id: rollbackId, comment: "not now" })).toEqual({ ok: true });
    expect((await getStore().getPlan(rollbackId))!.status).toBe("rejected");
  });

  it("commentOnPlan", async () => {
    await refusedAndUnchanged(commentCases(id), commentOnPlan, id);
    const before = (await getStore().getPlan(id))!.comments.length;
    expect(await commentOnPlan({ id, comment: "looks good" })).toEqual({ ok: true });
    expect((await getStore().getPlan(id))!.comments.length).toBe(before + 1);
  });
});

describe("setLocalUser refuses hostile names and sets no cookie", () => {
  it("returns { ok: false, message } for each, then sets the cookie for a valid name", async () => {
    const names: HostileCase[] = [
      ...NON_OBJECTS.filter((c) => typeof c.payload !== "string"), // "str" is a fine name
      { name: "an object", payload: { name: "Alice" } },
      { name: "an array of names", payload: ["Alice"] },
      { name: "empty", payload: "" },
      { name: "blank", payload: "   " },
      { name: "1 MiB", payload: big() },
      { name: "129 characters", payload: "n".repeat(129) },
      { name: "a control character", payload: "Alice\u0000Bob" },
      { name: "two lines", payload: "Alice\nactor: root" },
      { name: "a line separator", payload: "Alice\u2028Bob" },
      { name: "own __proto__", payload: withOwnKey({}, "__proto__", { polluted: true }) },
    ];
    const cookies = request.setCookies.length;
    for (const c of names) {
      const r = await setLocalUser(c.payload).catch((err: unknown) => {
        throw new Error(`${c.name}: threw ${String(err)}`);
      });
      expect(r, c.name).toEqual({ ok: false, message: expect.any(String) });
      expect(JSON.stringify(r).length, c.name).toBeLessThan(2_000);
    }
    expect(request.setCookies.length).toBe(cookies);
    expect(await setLocalUser("  Alice  ")).toEqual({ ok: true, name: "Alice" });
    expect(request.setCookies.slice(cookies)).toEqual([
      ["lockbridge-user", "Alice", expect.objectContaining({ httpOnly: true, sameSite: "strict" })],
    ]);
  });
});
