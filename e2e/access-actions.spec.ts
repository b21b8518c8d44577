// Every server action of the PRODUCTION BUILD (its manifest, so a new action is covered without editing
// this file), called over HTTP as an attacker's page or a bypassing client would call it:
//   - with a rebound Host (DNS rebinding) → 421 before Next, for every action;
//   - cross-origin, or with no Origin → 403, for every action;
//   - proxy-header mode, from an address that is not the sign-in proxy → 403, for every action;
//   - through the proxy without a signed-in person (no identity header) → 403, for every action;
//   - through the proxy as a signed-in person, with approval required and none given: no AWS write at
//     all (counted at a recording proxy in front of the emulator) and every action that can write refused.
// The audit rows of the writes each action can make are proved in tests/actions-access.test.ts, which
// also checks that every export of this manifest is registered by the one wrapper.
import { expect, test } from "./fixtures";
import { LIST_BUCKETS, MANY_FORM, ONBOARD, ONBOARD_CHECK } from "../testing/action-args";
import { startFaultProxy } from "../testing/fault-proxy";
import { actionCall, builtActions, freePort, raw, startIdentityProxy, startServer } from "./access-support";
import { reseed } from "./support";
import { SANDBOX_ACCOUNTS } from "../app/wizard/accounts/_components/sandbox-values";

const actions = builtActions();
const VAULT = "lockbridge-demo-vault";
const sandboxAccounts = SANDBOX_ACCOUNTS;
const input = {
  accounts: sandboxAccounts,
  objectLock: { retention: { enabled: true, mode: "GOVERNANCE", unit: "Days", value: 30 } },
  role: { mode: "create", roleName: "", path: "/service-role/" },
  encryption: { mode: "none" },
  bucketPolicy: {},
  rule: { ruleId: "", priority: 0, scope: "prefix", prefix: "reports/", deleteMarkerReplication: false },
  existingObjects: {
    enabled: true,
    bucket: "",
    prefix: "lockbridge/batch-reports/",
    statuses: ["NONE", "FAILED"],
    reportScope: "FailedTasksOnly",
    priority: 10,
    roleName: "",
  },
};
const PLAN = "AAAAAAAAAAAAAAAAAAAAAA";
const RUN = "00000000-0000-4000-8000-000000000000";

/** Valid arguments per export name, and whether the action can write to AWS. A new action must be added. */
const ARGS: Record<string, { args: unknown[]; writes: boolean }> = {
  setLocalUser: { args: ["Mallory"], writes: false },
  savePlan: { args: [input], writes: false },
  updatePlan: { args: [PLAN, input], writes: false },
  submitPlan: { args: [{ id: PLAN }], writes: false },
  approvePlan: { args: [{ id: PLAN, fingerprint: "a".repeat(64) }], writes: false },
  rejectPlan: { args: [{ id: PLAN, comment: "no" }], writes: false },
  commentOnPlan: { args: [{ id: PLAN, comment: "hi" }], writes: false },
  replanPlan: { args: [PLAN], writes: false },
  rollbackPlan: { args: [PLAN], writes: false },
  applySavedPlan: { args: [{ id: PLAN, confirm: VAULT }], writes: true },
  savedPlanProgress: { args: [RUN], writes: false },
  readLiveState: { args: [input], writes: false },
  runDiagnostics: { args: [input], writes: false },
  connectAccounts: { args: [sandboxAccounts], writes: false },
  checkAccounts: { args: [sandboxAccounts], writes: false },
  reviewPlan: { args: [input], writes: false },
  startApply: { args: [{ input, fingerprint: "a".repeat(64), confirm: VAULT }], writes: true },
  applyProgress: { args: [RUN], writes: false },
  canaryPreflight: { args: [input], writes: false },
  uploadCanaryObject: { args: [{ input, acknowledged: true }], writes: true },
  pollCanary: {
    args: [
      {
        input,
        waitSeconds: 5,
        target: {
          bucket: "lockbridge-demo-source",
          key: "lockbridge-canary/x",
          uploadedAt: new Date().toISOString(),
          retainUntilAtLeast: null,
        },
      },
    ],
    writes: false,
  },
  batchJobStatus: { args: [{ input, jobId: "0123456789abcdef" }], writes: false },
  createBatchJob: { args: [input], writes: true },
  exportPlanFile: { args: [input, "cli"], writes: false },
  generateBootstrap: { args: [ONBOARD], writes: false },
  checkOnboarding: {
    args: [
      {
        ...ONBOARD_CHECK,
        roleArn: "arn:aws:iam::111111111111:role/LockbridgeAccess",
        externalId: "lockbridge-0123456789abcdef0123456789abcdef",
      },
    ],
    writes: false,
  },
  listBuckets: {
    args: [LIST_BUCKETS],
    writes: false,
  },
  planSources: {
    args: [MANY_FORM],
    writes: false,
  },
};

test("the production build's actions are all known here", () => {
  expect(actions.length).toBeGreaterThan(15);
  for (const a of actions) expect(Object.keys(ARGS), `${a.name} (${a.file}): add it to ARGS`).toContain(a.name);
});

test("every action is refused with a rebound Host, cross-origin and without an Origin", async ({ baseURL }) => {
  const base = baseURL!;
  const port = new URL(base).port;
  for (const a of actions) {
    const rebound = await actionCall(base, a, ARGS[a.name]!.args, {
      host: `rebind.example:${port}`,
      origin: `http://rebind.example:${port}`,
    });
    expect(rebound.status, a.name).toBe(421);
    expect(rebound.body, a.name).toMatch(/^Lockbridge answers only to/);
    const cross = await actionCall(base, a, ARGS[a.name]!.args, { origin: "https://evil.example" });
    expect(cross.status, a.name).toBe(403);
    expect(cross.body, a.name).toMatch(/must come from a Lockbridge page/);
    const none = await actionCall(base, a, ARGS[a.name]!.args, { origin: "" });
    expect(none.status, a.name).toBe(403);
  }
});

test("proxy-header mode: every action is refused from any peer but the proxy, and without a signed-in person; with approval required nothing is written", async () => {
  test.setTimeout(180_000);
  await reseed("sandbox");
  const aws = await startFaultProxy(process.env.LOCKBRIDGE_TEST_EMULATOR_ENDPOINT!);
  // The proxy connects from 127.0.0.2, the only address Lockbridge trusts; this test connects from 127.0.0.1.
  const port = await freePort();
  const proxy = await startIdentityProxy(`http://127.0.0.1:${port}`, "127.0.0.2");
  const server = await startServer(
    { LOCKBRIDGE_IDENTITY: "proxy-header", LOCKBRIDGE_TRUSTED_PROXY: "127.0.0.2", LOCKBRIDGE_PUBLIC_ORIGIN: proxy.url },
    { awsEndpoint: aws.endpoint, port },
  );
  try {
    for (const a of actions) {
      const { args, writes } = ARGS[a.name]!;
      const direct = await actionCall(server.url, a, args, { "x-forwarded-email": "mallory@example.com" });
      expect(direct.status, a.name).toBe(403);
      expect(direct.body, a.name).toMatch(/127\.0\.0\.1, which is not the sign-in proxy/);

      const anonymous = await actionCall(proxy.url, a, args);
      expect(anonymous.status, a.name).toBe(403);
      expect(anonymous.body, a.name).toMatch(/did not send the x-forwarded-email header/);

      const mark = aws.calls.length;
      const signedIn = await actionCall(proxy.url, a, args, { cookie: "test-signed-in-as=mallory%40example.com" });
      expect(signedIn.status, a.name).toBe(200);
      expect(signedIn.body, `${a.name}: the action ran and answered`).toContain('"ok":');
      if (writes) expect(signedIn.body, a.name).toMatch(/Approval is required|not approved|There is no saved plan/);
      await new Promise((r) => setTimeout(r, 200));
      const written = aws.calls.slice(mark).filter((c) => !/^(Get|List|Head|Describe|Simulate|AssumeRole$)/.test(c.operation));
      expect(written, `${a.name}: AWS writes`).toEqual([]);
    }
    // The direct door stays shut for pages too.
    expect((await raw(server.url, { path: "/audit" })).status).toBe(403);
  } finally {
    await server.stop();
    await proxy.stop();
    await aws.stop();
  }
});
