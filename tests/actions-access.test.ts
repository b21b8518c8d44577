// Access control of every server action, called in-process as Next calls them (the HTTP side, with the
// production build's manifest and the real server gate, is e2e/access-actions.spec.ts). The list of
// actions is not written here: every "use server" file under app/ and lib/ is found and imported, every
// export must be registered by serverAction (lib/http/action.ts), and each needs a row in CALLS below, so
// a new action fails this test until it is covered. For each action:
//   - a rebound Host is refused, with no AWS call;
//   - proxy-header mode: a request from an address that is not the proxy is refused, no AWS call;
//   - without an actor (proxy without the header; a local user without a name for anything but reads)
//     it is refused, no AWS call;
//   - with LOCKBRIDGE_REQUIRE_APPROVAL and no approval by someone else, no AWS write happens, and every
//     action that can write is refused;
//   - every AWS write it makes (the wizard's apply, a saved plan's apply, a rollback, the canary and the
//     batch job) leaves exactly one audit row per write call, naming the actor.
// AWS calls are counted at a recording proxy in front of a private emulator.
import { mkdtempSync, readdirSync, readFileSync, statSync, existsSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { SANDBOX_ACCOUNTS } from "@/app/wizard/accounts/_components/sandbox-values";
import { registeredActions, type Permission } from "@/lib/http/action";
import { PEER_ADDRESS_HEADER, stampPeerAddress } from "@/lib/people/peer";
import * as saved from "@/lib/workflow";
import { defaultWizardInput, wizardInput, type WizardFormValues } from "@/lib/schema/wizard";
import { getStore, plans } from "@/lib/store";
import { LIST_BUCKETS, MANY_FORM, ONBOARD, ONBOARD_CHECK } from "@/testing/action-args";
import { useProxiedEmulator } from "@/testing/proxied-emulator";
import { objectLockConfirmationFor } from "@/lib/schema/confirmation-key";

process.env.LOCKBRIDGE_DATA_DIR = mkdtempSync(path.join(tmpdir(), "lockbridge-access-"));
const ROOT = path.join(__dirname, "..");

// The request (next/headers) and the server's settings (lib/env) for each call, switched by the tests.
const request = vi.hoisted(() => ({
  host: "127.0.0.1:3000" as string | null,
  peer: "127.0.0.1",
  identity: undefined as string | undefined,
  cookieUser: undefined as string | undefined,
  settings: {} as Record<string, string>,
}));
vi.mock("next/headers", async () => {
  const { LOCAL_USER_COOKIE } = await import("@/lib/people/resolve");
  const { stampPeerAddress: stamp, PEER_ADDRESS_HEADER: header } = await import("@/lib/people/peer");
  return {
    cookies: async () => ({
      get: (name: string) =>
        name === LOCAL_USER_COOKIE && request.cookieUser ? { value: encodeURIComponent(request.cookieUser) } : undefined,
      set: () => undefined,
    }),
    headers: async () => {
      // The server stamps the socket's address (scripts/serve.ts); the Next code verifies the stamp.
      const req = { headers: {} as Record<string, string>, socket: { remoteAddress: request.peer } } as unknown as IncomingMessage;
      stamp(req);
      const h = new Headers({ [header]: req.headers[header] as string });
      if (request.host) h.set("host", request.host);
      if (request.identity !== undefined) h.set("x-forwarded-email", request.identity);
      return h;
    },
  };
});
vi.mock("@/lib/env", async (original) => {
  const real = await original<typeof import("@/lib/env")>();
  return { ...real, env: () => real.parseEnv({ ...process.env, LOCKBRIDGE_PORT: "3000", ...request.settings }) };
});

const sandbox = useProxiedEmulator("testing/seeds/sandbox.json");

const READ = /^(Get|List|Head|Describe|Simulate|AssumeRole$)/;
const callsSince = (mark: number) => sandbox.proxy.calls.slice(mark).map((c) => c.operation);
const writesSince = (mark: number) => callsSince(mark).filter((op) => !READ.test(op));

const PROXY = { LOCKBRIDGE_IDENTITY: "proxy-header", LOCKBRIDGE_TRUSTED_PROXY: "10.0.0.5" };
const VAULT = "lockbridge-demo-vault";

function values(ruleId = "", batch = false, priority = 0): WizardFormValues {
  const v = defaultWizardInput({ accounts: SANDBOX_ACCOUNTS, rule: { ruleId, priority } });
  return {
    ...v,
    // The Object Lock step's typed confirmation travels with the input (Review and Apply refuse without it).
    confirmations: { objectLock: objectLockConfirmationFor(v.accounts.destination.bucket, v.objectLock?.retention) },
    role: { ...v.role, role: "" },
    encryption: { mode: "none", sourceKeyArn: "", destinationKeyArn: "", bucketKeys: true },
    ...(batch ? { existingObjects: { ...v.existingObjects, enabled: true, prefix: "lockbridge/batch-reports/" } } : {}),
  } as WizardFormValues;
}
const valid = values("", true);
const UNKNOWN_RUN = "00000000-0000-4000-8000-000000000000";
const FINGERPRINT = "a".repeat(64);

/** Every `"use server"` file of the app: found, not listed, so a new one is covered automatically. */
function useServerFiles(dir = ROOT, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (["node_modules", ".next", ".git", ".venv", ".run", ".data", "test-results", "playwright-report"].includes(name)) continue;
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) useServerFiles(p, out);
    else if (/\.tsx?$/.test(name) && !name.endsWith(".test.ts") && /^\s*["']use server["']/.test(readFileSync(p, "utf8")))
      out.push(path.relative(ROOT, p));
  }
  return out;
}

type Action = (...args: unknown[]) => Promise<{ ok: boolean; message?: string; needsName?: boolean }>;
const actions: Record<string, Action> = {};
// A saved plan: written by alice, approved by mallory (so mallory may not be the one applying it).
let planId = "";

/** Valid arguments for each action: refusals must come from access control, not from parsing. */
const CALLS: Record<string, () => unknown[]> = {
  setLocalUser: () => ["Mallory"],
  savePlan: () => [valid],
  updatePlan: () => [planId, valid],
  submitPlan: () => [{ id: planId }],
  approvePlan: () => [{ id: planId, fingerprint: FINGERPRINT }],
  rejectPlan: () => [{ id: planId, comment: "no" }],
  commentOnPlan: () => [{ id: planId, comment: "hello" }],
  replanPlan: () => [planId],
  rollbackPlan: () => [planId],
  applySavedPlan: () => [{ id: planId, confirm: VAULT }],
  savedPlanProgress: () => [UNKNOWN_RUN],
  readLiveState: () => [valid],
  runDiagnostics: () => [valid],
  connectAccounts: () => [valid.accounts],
  checkAccounts: () => [valid.accounts],
  reviewPlan: () => [valid],
  startApply: () => [{ input: valid, fingerprint: FINGERPRINT, confirm: VAULT }],
  applyProgress: () => [UNKNOWN_RUN],
  canaryPreflight: () => [valid],
  uploadCanaryObject: () => [{ input: valid, acknowledged: true }],
  pollCanary: () => [
    {
      input: valid,
      waitSeconds: 5,
      target: {
        bucket: "lockbridge-demo-source",
        key: "lockbridge-canary/x",
        uploadedAt: new Date().toISOString(),
        retainUntilAtLeast: null,
      },
    },
  ],
  batchJobStatus: () => [{ input: valid, jobId: "0123456789abcdef" }],
  createBatchJob: () => [valid],
  generateBootstrap: () => [ONBOARD],
  exportPlanFile: () => [valid, "cli"],
  checkOnboarding: () => [
    {
      ...ONBOARD_CHECK,
      roleArn: "arn:aws:iam::111111111111:role/LockbridgeAccess",
      externalId: "lockbridge-0123456789abcdef0123456789abcdef",
    },
  ],
  listBuckets: () => [LIST_BUCKETS],
  planSources: () => [MANY_FORM],
};

async function call(name: string) {
  return actions[name]!(...CALLS[name]!());
}

/** Runs `name` under the current request and settings; it must be refused with no AWS call at all. */
async function refusedWithoutAwsCalls(name: string, reason: RegExp) {
  const mark = sandbox.proxy.calls.length;
  const r = await call(name);
  expect(r, name).toMatchObject({ ok: false });
  expect(r.message, name).toMatch(reason);
  expect(callsSince(mark), `${name}: AWS calls`).toEqual([]);
}

function as(settings: Record<string, string>, who: { identity?: string; cookieUser?: string; peer?: string; host?: string | null } = {}) {
  request.settings = settings;
  request.identity = who.identity;
  request.cookieUser = who.cookieUser;
  request.peer = who.peer ?? (settings.LOCKBRIDGE_IDENTITY ? "10.0.0.5" : "127.0.0.1");
  request.host = who.host === undefined ? "127.0.0.1:3000" : who.host;
}

beforeAll(async () => {
  for (const file of useServerFiles()) {
    const mod = (await import(path.join(ROOT, file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) if (typeof value === "function") actions[name] = value as Action;
  }
  const rec = await saved.saveDraft(wizardInput.parse(values("access-other-plan", true)), {
    name: "alice@example.com",
    source: "proxy-header",
  });
  await plans().submit(rec.id, { name: "alice@example.com", source: "proxy-header" });
  await plans().approve(rec.id, { name: "mallory@example.com", source: "proxy-header" }, rec.fingerprint);
  planId = rec.id;
}, 60_000);

describe("every server action", () => {
  it("is found, goes through serverAction, and has a row here", () => {
    const registered = registeredActions();
    expect(Object.keys(actions).sort()).toEqual([...registered.keys()].sort());
    expect(Object.keys(actions).sort()).toEqual(Object.keys(CALLS).sort());
    // The production build's list, when a build exists (the browser tests check it over HTTP too).
    const manifest = path.join(ROOT, ".next", "server", "server-reference-manifest.json");
    if (existsSync(manifest)) {
      const built = Object.values(
        (JSON.parse(readFileSync(manifest, "utf8")) as { node: Record<string, { exportedName?: string }> }).node,
      ).map((e) => e.exportedName);
      for (const name of built) expect(registered.has(name!), `built action ${name} is registered`).toBe(true);
    } else {
      console.warn(
        "actions-access: no production build (.next): the manifest cross-check runs in e2e/access-actions.spec.ts after `next build`.",
      );
    }
  });

  it("refuses a rebound Host", async () => {
    for (const name of Object.keys(CALLS)) {
      as({}, { cookieUser: "Mallory", host: "rebind.example:3000" });
      await refusedWithoutAwsCalls(name, /answers only to 127\.0\.0\.1:3000/);
    }
  });

  it("refuses, in proxy-header mode, a request from an address that is not the proxy", async () => {
    for (const name of Object.keys(CALLS)) {
      as(PROXY, { identity: "mallory@example.com", peer: "203.0.113.9" });
      await refusedWithoutAwsCalls(name, name === "setLocalUser" ? /sign-in proxy/ : /203\.0\.113\.9, which is not the sign-in proxy/);
    }
  });

  it("refuses without an actor", async () => {
    for (const name of Object.keys(CALLS)) {
      // Behind the proxy, a request without the identity header (or with two joined values) has no actor.
      for (const identity of [undefined, "mallory@example.com, boss@example.com"]) {
        as(PROXY, { identity });
        await refusedWithoutAwsCalls(name, name === "setLocalUser" ? /sign-in proxy/ : /did not send|comma/);
      }
      // Local mode: anything that changes a plan or AWS waits for a name (reads are labelled unnamed).
      const permission = registeredActions().get(name) as Permission;
      if (permission === "plan" || permission === "approve" || permission === "apply") {
        as({});
        await refusedWithoutAwsCalls(name, /Tell Lockbridge your name first/);
        expect((await call(name)).needsName).toBe(true);
      }
    }
  });

  it("makes no AWS write without an approval by someone else, and refuses every write", async () => {
    for (const name of Object.keys(CALLS)) {
      as({ ...PROXY, LOCKBRIDGE_REQUIRE_APPROVAL: "1" }, { identity: "mallory@example.com" });
      const mark = sandbox.proxy.calls.length;
      const r = await call(name);
      if (registeredActions().get(name) === "apply") {
        expect(r, name).toMatchObject({ ok: false });
        expect(r.message, name).toMatch(/Approval is required|someone other than the approver|not approved/);
      }
      await new Promise((resolve) => setTimeout(resolve, 100)); // a background run would have started writing
      expect(writesSince(mark), `${name}: AWS writes`).toEqual([]);
    }
  }, 120_000);

  it("refuses people who are not appliers or approvers, and accounts or roles this server may not use", async () => {
    as(
      { ...PROXY, LOCKBRIDGE_APPLIERS: "alice@example.com", LOCKBRIDGE_APPROVERS: "bob@example.com" },
      { identity: "mallory@example.com" },
    );
    for (const name of ["applySavedPlan", "startApply", "uploadCanaryObject", "createBatchJob"])
      await refusedWithoutAwsCalls(name, /may not make changes in AWS through Lockbridge \(LOCKBRIDGE_APPLIERS\)/);
    for (const name of ["approvePlan", "rejectPlan"]) await refusedWithoutAwsCalls(name, /may not approve plans/);

    as(
      { LOCKBRIDGE_ALLOWED_ACCOUNTS: "111111111111", LOCKBRIDGE_ALLOWED_ROLE_ARNS: "arn:aws:iam::*:role/OnlyThis" },
      { cookieUser: "Mallory" },
    );
    const mark = sandbox.proxy.calls.length;
    const r = (await call("connectAccounts")) as unknown as { ok: false; fieldErrors: Record<string, string> };
    expect(r).toMatchObject({ ok: false });
    expect(r.fieldErrors["destination.accountId"]).toMatch(/may only be used in accounts 111111111111 \(LOCKBRIDGE_ALLOWED_ACCOUNTS\)/);
    expect(r.fieldErrors["source.roleArn"]).toMatch(/may only assume roles matching arn:aws:iam::\*:role\/OnlyThis/);
    expect(r.fieldErrors["source.accountId"]).toBeUndefined();
    // A local user who has not named themselves reads under the same rules.
    as({ LOCKBRIDGE_ALLOWED_ACCOUNTS: "111111111111" });
    for (const name of [
      "connectAccounts",
      "readLiveState",
      "runDiagnostics",
      "reviewPlan",
      "canaryPreflight",
      "pollCanary",
      "batchJobStatus",
    ]) {
      const x = (await call(name)) as unknown as { ok: boolean; fieldErrors?: Record<string, string> };
      expect(x.ok, name).toBe(false);
      expect(
        Object.keys(x.fieldErrors ?? {}).some((k) => k.endsWith("destination.accountId")),
        name,
      ).toBe(true);
    }
    as(
      { LOCKBRIDGE_ALLOWED_ACCOUNTS: "111111111111", LOCKBRIDGE_ALLOWED_ROLE_ARNS: "arn:aws:iam::*:role/OnlyThis" },
      { cookieUser: "Mallory" },
    );
    for (const name of ["readLiveState", "reviewPlan", "startApply", "uploadCanaryObject", "createBatchJob"]) {
      const x = (await call(name)) as unknown as { ok: boolean; fieldErrors?: Record<string, string> };
      expect(x.ok, name).toBe(false);
      expect(
        Object.keys(x.fieldErrors ?? {}).some((k) => k.endsWith("destination.accountId")),
        name,
      ).toBe(true);
    }
    // An access role in another account than the one typed is never assumed, whatever the lists say:
    // onboarding's Check and bucket list included.
    const foreignRole = "arn:aws:iam::999999999999:role/OtherTenantAccess";
    const listed = (await actions.listBuckets!({
      accountId: "111111111111",
      region: "eu-west-1",
      roleArn: foreignRole,
      externalId: "",
    })) as {
      ok: boolean;
      fieldErrors?: Record<string, string>;
    };
    expect(listed.ok).toBe(false);
    expect(listed.fieldErrors?.roleArn).toMatch(/must be in account 111111111111; this ARN is in 999999999999/);
    const [check] = CALLS.checkOnboarding!() as [Record<string, unknown>];
    const checked = (await actions.checkOnboarding!({ ...check, roleArn: foreignRole })) as {
      ok: boolean;
      fieldErrors?: Record<string, string>;
    };
    expect(checked.ok).toBe(false);
    expect(checked.fieldErrors?.roleArn).toMatch(/must be in account 111111111111/);
    // A plan saved before the setting: its accounts are checked before the server reads or writes them.
    for (const name of ["applySavedPlan", "replanPlan", "rollbackPlan"]) {
      const x = await call(name);
      expect(x.ok, name).toBe(false);
      expect(x.message, name).toMatch(/may only be used in accounts 111111111111/);
    }
    expect(callsSince(mark)).toEqual([]);
  });
});

describe("the batch job", () => {
  it("checks the identity it reached, like Apply: credentials acting in another account write nothing", async () => {
    as({}, { cookieUser: "Mallory" });
    // "Server credentials" for the source: the emulator maps them to its default account, not 111111111111.
    const input = { ...valid, accounts: { ...valid.accounts, source: { ...valid.accounts.source, access: "server", roleArn: "" } } };
    const mark = sandbox.proxy.calls.length;
    const r = await actions.createBatchJob!(input);
    expect(r).toMatchObject({
      ok: false,
      message: expect.stringMatching(
        /Nothing was created: the credentials do not act in the accounts you typed\. The source credentials act in account \d{12}/,
      ),
    });
    expect(callsSince(mark)).toContain("GetCallerIdentity");
    expect(writesSince(mark)).toEqual([]);
  });
});

/** Polls a progress action until the run ends. */
async function finished(progress: string, runId: string): Promise<string> {
  for (let i = 0; i < 600; i++) {
    const p = (await actions[progress]!(runId)) as { ok: boolean; run?: { status: string } };
    if (p.ok && p.run!.status !== "running") return p.run!.status;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("the run did not finish");
}

/** Every write call since `mark` has one audit row since `rows`, and every such row names `actor`. */
async function auditedAs(mark: number, rows: number, actor: string): Promise<string[]> {
  const writes = writesSince(mark);
  await expect.poll(async () => (await getStore().listAudit({}, { limit: 1 })).total - rows).toBe(writes.length);
  const page = await getStore().listAudit({}, { limit: 1000 });
  const added = page.entries.slice(0, writes.length);
  expect(added.map((e) => e.api).sort()).toEqual([...writes].sort());
  for (const e of added) expect(e.actor, `${e.api} on ${e.target}`).toBe(actor);
  return writes;
}
const auditTotal = async () => (await getStore().listAudit({}, { limit: 1 })).total;

describe("every AWS write leaves an audit row naming the actor", () => {
  it("the wizard's apply (approval not required)", async () => {
    as({ ...PROXY, LOCKBRIDGE_REQUIRE_APPROVAL: "0" }, { identity: "dave@example.com" });
    // Its own rule (ID and priority), so the saved plan below still has something to write.
    const input = values("access-wizard-rule", false, 5);
    const review = (await actions.reviewPlan!(input)) as unknown as { ok: true; plan: { fingerprint: string } };
    const [mark, rows] = [sandbox.proxy.calls.length, await auditTotal()];
    const started = (await actions.startApply!({ input, fingerprint: review.plan.fingerprint, confirm: VAULT })) as unknown as {
      ok: true;
      runId: string;
    };
    expect(started.ok).toBe(true);
    expect(await finished("applyProgress", started.runId)).toBe("succeeded");
    expect(await auditedAs(mark, rows, "dave@example.com")).toEqual(expect.arrayContaining(["PutBucketReplication"]));
  }, 90_000);

  it("a saved plan approved by someone else, its rollback, the canary and the batch job (approval required)", async () => {
    const settings = { ...PROXY, LOCKBRIDGE_REQUIRE_APPROVAL: "1" };
    // alice saves and submits, bob approves, carol applies.
    as(settings, { identity: "alice@example.com" });
    const s = (await actions.savePlan!(valid)) as unknown as { ok: true; id: string };
    expect(s.ok).toBe(true);
    expect(await actions.submitPlan!({ id: s.id }), "submit").toEqual({ ok: true });
    const rec = (await plans().get(s.id))!;
    as(settings, { identity: "bob@example.com" });
    expect(await actions.approvePlan!({ id: s.id, fingerprint: rec.fingerprint }), "approve").toEqual({ ok: true });
    as(settings, { identity: "carol@example.com" });
    let [mark, rows] = [sandbox.proxy.calls.length, await auditTotal()];
    const applied = (await actions.applySavedPlan!({ id: s.id, confirm: VAULT })) as unknown as { ok: true; result: { runId: string } };
    expect(applied.ok).toBe(true);
    expect(await finished("savedPlanProgress", applied.result.runId)).toBe("succeeded");
    expect((await auditedAs(mark, rows, "carol@example.com")).length).toBeGreaterThan(0);

    // The canary and the batch job are for exactly this input, approved by bob: carol may run them.
    [mark, rows] = [sandbox.proxy.calls.length, await auditTotal()];
    expect(await actions.uploadCanaryObject!({ input: valid, acknowledged: true })).toMatchObject({ ok: true });
    expect(await auditedAs(mark, rows, "carol@example.com")).toEqual(["PutObject"]);
    [mark, rows] = [sandbox.proxy.calls.length, await auditTotal()];
    expect(await actions.createBatchJob!(valid)).toMatchObject({ ok: true });
    await auditedAs(mark, rows, "carol@example.com");
    // bob approved it: on this server he may not be the one who writes.
    as(settings, { identity: "bob@example.com" });
    await refusedWithoutAwsCalls(
      "uploadCanaryObject",
      /no saved plan for exactly this wizard input is approved by someone other than bob@example.com/,
    );

    // The rollback is a plan of its own: alice creates and submits it, bob approves, carol applies.
    as(settings, { identity: "alice@example.com" });
    const rb = (await actions.rollbackPlan!(s.id)) as unknown as { ok: true; id: string };
    expect(rb.ok).toBe(true);
    expect(await actions.submitPlan!({ id: rb.id }), "submit rollback").toEqual({ ok: true });
    as(settings, { identity: "bob@example.com" });
    expect(await actions.approvePlan!({ id: rb.id, fingerprint: (await plans().get(rb.id))!.fingerprint }), "approve rollback").toEqual({
      ok: true,
    });
    as(settings, { identity: "carol@example.com" });
    [mark, rows] = [sandbox.proxy.calls.length, await auditTotal()];
    // A rollback is an ordinary plan: it runs on the shared engine and is polled like any other run.
    const rolledBack = (await actions.applySavedPlan!({ id: rb.id, confirm: VAULT })) as unknown as { ok: true; result: { runId: string } };
    expect(rolledBack.ok).toBe(true);
    expect(await finished("savedPlanProgress", rolledBack.result.runId)).toBe("succeeded");
    expect((await auditedAs(mark, rows, "carol@example.com")).length).toBeGreaterThan(0);
  }, 120_000);
});

// Keeps the peer-stamp import used when the mock is hoisted (it imports its own copy).
void PEER_ADDRESS_HEADER;
void stampPeerAddress;
