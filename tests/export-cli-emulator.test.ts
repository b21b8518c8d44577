// The exported AWS CLI script, run with the REAL aws CLI (awscli from scripts/emulator/requirements.txt,
// in the project venv; never the one on PATH) against the emulator seeded with foreign content in every
// document (testing/seeds/foreign-content.json: vault bucket policy Deny + Allow, key administrators
// statement, a foreign inline policy on the role, two foreign replication rules with filters).
//
// For each access combination × role mode the script either ends in exactly the state Lockbridge's own
// Apply reaches on the same seed (Apply runs through lib/apply with both accounts connected), or stops
// before its first write with a message naming the document, leaving everything as it was. Foreign
// content is checked statement by statement in every case.
//
// Each run gets its own HOME and AWS config (the CLI caches assumed-role credentials under HOME, and a
// stale cache against a fresh emulator silently lands in moto's default account). The emulator has no
// authorization: this test proves what is written, not who may write it.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { GetRoleCommand, GetRolePolicyCommand, ListRolePoliciesCommand } from "@aws-sdk/client-iam";
import { GetKeyPolicyCommand } from "@aws-sdk/client-kms";
import {
  GetBucketPolicyCommand,
  GetBucketReplicationCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
} from "@aws-sdk/client-s3";
import { afterAll, describe, expect, it } from "vitest";
import { loadScenario, resetAndSeed, seedScenario, type SeedResult } from "../testing/seed";
import { applyPlan } from "../lib/apply/apply";
import { reviewPlan } from "../lib/apply/review";
import { instantBackoff } from "../lib/aws/retry";
import { canonicalJson } from "../lib/plan/canonical";
import { exportCliScript } from "../lib/plan/export/cli";
import type { AccountsStepInput } from "../lib/schema/accounts";
import type { WizardInput } from "../lib/schema/wizard";
import { emulatorClients, sandboxCredentials, type EmulatorClients } from "../testing/emulator";
import { startEmulator, type RunningEmulator } from "../scripts/emulator/lifecycle.mjs";
import type { SideClients } from "../lib/aws/session";
import { SANDBOX_ACCOUNTS } from "../app/wizard/accounts/_components/sandbox-values";
import { DST, SOURCE_BUCKET, SRC, VAULT, sandboxInput, useEmulator } from "./apply-support";

const SCENARIO = "testing/seeds/foreign-content.json";
const SANDBOX = "testing/seeds/sandbox.json";
const AWS_CLI = path.resolve(".venv/bin/aws");
const box = useEmulator(SCENARIO);
const scenario = loadScenario(SCENARIO);
const [srcSeed, dstSeed] = scenario.accounts;
const SEEDED_ROLE = srcSeed!.roles![1]!;
const SEEDED_ROLE_ARN = `arn:aws:iam::${SRC}:role${SEEDED_ROLE.path}${SEEDED_ROLE.name}`;
const work = mkdtempSync(path.join(tmpdir(), "lockbridge-cli-emulator-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

if (!existsSync(AWS_CLI)) {
  console.warn(`\n*** SKIPPED (LOUDLY): ${AWS_CLI} is missing. Run: bash scripts/emulator/setup.sh (installs awscli into .venv). ***\n`);
}

type Access = "both connected" | "source plan-only" | "destination plan-only" | "both plan-only";
const ACCESS: Access[] = ["both connected", "source plan-only", "destination plan-only", "both plan-only"];

function sides(access: Access): AccountsStepInput {
  const planOnly = (s: AccountsStepInput["source"]) => ({ ...s, access: "plan-only" as const, roleArn: undefined, externalId: undefined });
  const src = access === "source plan-only" || access === "both plan-only" ? planOnly(SANDBOX_ACCOUNTS.source) : SANDBOX_ACCOUNTS.source;
  const dst =
    access === "destination plan-only" || access === "both plan-only"
      ? planOnly(SANDBOX_ACCOUNTS.destination)
      : SANDBOX_ACCOUNTS.destination;
  return { source: src, destination: dst };
}

type RoleMode = "reuse role" | "new role";

/** One emulator and its seed: the file's own (useEmulator) or one of the parallel lanes. */
type Lane = { endpoint: string; seeded: SeedResult; admin(account: string): Promise<EmulatorClients>; reseed(): Promise<unknown> };

function lane(emu: RunningEmulator): Lane {
  const opened: EmulatorClients[] = [];
  const l: Lane = {
    endpoint: emu.endpoint,
    seeded: undefined as unknown as SeedResult,
    async admin(account) {
      const c = await emulatorClients(emu.endpoint, account);
      opened.push(c);
      return c;
    },
    async reseed() {
      opened.splice(0).forEach((c) => c.destroy());
      l.seeded = await resetAndSeed(emu.endpoint, SCENARIO);
    },
  };
  return l;
}

/** reuse: the seeded replication role (it carries the foreign inline policy and is already on the configuration). */
function inputFor(b: Lane, access: Access, mode: RoleMode): WizardInput {
  const role =
    mode === "reuse role"
      ? { mode: "reuse" as const, role: SEEDED_ROLE_ARN }
      : { mode: "create" as const, roleName: "lockbridge-fresh-role", path: "/service-role/" };
  return sandboxInput(b.seeded, { role }, sides(access));
}

/** The app's discover + plan against this lane's emulator, with only the connected accounts' clients. */
async function planOn(b: Lane, input: WizardInput) {
  const clients: SideClients = {};
  for (const side of ["source", "destination"] as const) {
    if (input.accounts[side].access !== "plan-only") clients[side] = await b.admin(input.accounts[side].accountId);
  }
  return reviewPlan(input, { clients });
}

/** Everything the script or Apply may write, as AWS returns it now. KMS key IDs (random per seed) become their aliases. */
async function snapshot(b: Lane, roleNames: string[]) {
  const src = await b.admin(SRC);
  const dst = await b.admin(DST);
  const orNull = async <T>(p: Promise<T>) => p.catch(() => null);
  const roles: Record<string, unknown> = {};
  for (const name of roleNames) {
    const role = await orNull(src.iam.send(new GetRoleCommand({ RoleName: name })));
    if (!role) continue;
    const policies: Record<string, unknown> = {};
    for (const p of (await src.iam.send(new ListRolePoliciesCommand({ RoleName: name }))).PolicyNames ?? []) {
      policies[p] = JSON.parse(
        decodeURIComponent((await src.iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: p }))).PolicyDocument!),
      );
    }
    roles[name] = { arn: role.Role!.Arn, trust: JSON.parse(decodeURIComponent(role.Role!.AssumeRolePolicyDocument!)), policies };
  }
  const policy = await orNull(dst.s3.send(new GetBucketPolicyCommand({ Bucket: VAULT })));
  const key = await dst.kms.send(new GetKeyPolicyCommand({ KeyId: b.seeded.keys["alias/lockbridge-vault"], PolicyName: "default" }));
  const replication = await orNull(src.s3.send(new GetBucketReplicationCommand({ Bucket: SOURCE_BUCKET })));
  const lock = await orNull(dst.s3.send(new GetObjectLockConfigurationCommand({ Bucket: VAULT })));
  let text = JSON.stringify({
    roles,
    bucketPolicy: policy ? JSON.parse(policy.Policy!) : null,
    keyPolicy: JSON.parse(key.Policy!),
    replication: replication?.ReplicationConfiguration ?? null,
    objectLock: lock?.ObjectLockConfiguration ?? null,
    sourceVersioning: (await src.s3.send(new GetBucketVersioningCommand({ Bucket: SOURCE_BUCKET }))).Status ?? null,
    vaultVersioning: (await dst.s3.send(new GetBucketVersioningCommand({ Bucket: VAULT }))).Status ?? null,
  });
  for (const [alias, arn] of Object.entries(b.seeded.keys)) text = text.split(arn).join(`<${alias}>`);
  return JSON.parse(text) as {
    roles: Record<string, { arn: string; trust: unknown; policies: Record<string, unknown> }>;
    bucketPolicy: { Statement: unknown[] };
    keyPolicy: { Statement: unknown[] };
    replication: { Role: string; Rules: unknown[] } | null;
  };
}
type Snapshot = Awaited<ReturnType<typeof snapshot>>;
const same = (a: unknown) => canonicalJson(a as never);

/** Every foreign statement, rule and inline policy of the seed is still there, content-equal. */
function expectForeignKept(s: Snapshot): void {
  for (const st of dstSeed!.buckets![0]!.policy!.Statement)
    expect(s.bucketPolicy.Statement.map(same), "vault bucket policy").toContain(same(st));
  for (const st of dstSeed!.kmsKeys![0]!.policy!.Statement) expect(s.keyPolicy.Statement.map(same), "vault key policy").toContain(same(st));
  for (const rule of srcSeed!.buckets![0]!.replication!.Rules)
    expect((s.replication?.Rules ?? []).map(same), "replication rules").toContain(same(rule));
  expect(same(s.roles[SEEDED_ROLE.name]!.policies.ArchiveReplication), "foreign inline policy").toBe(
    same(SEEDED_ROLE.inlinePolicies!.ArchiveReplication),
  );
}

function runScript(b: Lane, script: string, name: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const home = mkdtempSync(path.join(work, `home-${name.replace(/\W+/g, "-")}-`));
  const file = path.join(home, "lockbridge.sh");
  writeFileSync(file, script, { mode: 0o755 });
  const profile = (account: string) => [
    `role_arn = arn:aws:iam::${account}:role/LockbridgeAdmin`,
    "source_profile = base",
    "region = eu-west-1",
    "s3 =",
    "    addressing_style = path",
  ];
  writeFileSync(
    path.join(home, "config"),
    [
      "[profile lockbridge-source]",
      ...profile(SRC),
      "[profile lockbridge-destination]",
      ...profile(DST),
      "[profile base]",
      "region = eu-west-1",
      "",
    ].join("\n"),
  );
  writeFileSync(
    path.join(home, "credentials"),
    [
      "[base]",
      `aws_access_key_id = ${sandboxCredentials.accessKeyId}`,
      `aws_secret_access_key = ${sandboxCredentials.secretAccessKey}`,
      "",
    ].join("\n"),
  );
  // Only what the script needs: PATH with the venv's aws first (never a system aws), no AWS_* of this process.
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: "test",
    PATH: `${path.dirname(AWS_CLI)}:/usr/local/bin:/usr/bin:/bin`,
    HOME: home,
    AWS_CONFIG_FILE: path.join(home, "config"),
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, "credentials"),
    AWS_ENDPOINT_URL: b.endpoint,
    AWS_EC2_METADATA_DISABLED: "true",
    LOCKBRIDGE_IAM_WAIT: "0",
    LOCKBRIDGE_RETRY_DELAY: "0",
  };
  return new Promise((resolve) => {
    const child = spawn("bash", [file], { env, cwd: home });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

const ROLE_NAMES = [SEEDED_ROLE.name, "lockbridge-fresh-role"];
// Each aws CLI call starts a Python interpreter (~0.5 s of CPU); a lane makes 30-60 of them. Measured on
// a 2-core machine shared with other jobs (load average 12-25): 4.5-6.5 minutes for the file; this
// ceiling is for such a machine.
const LANE_TIMEOUT = 900_000;
const lanes: RunningEmulator[] = [];
afterAll(async () => {
  await Promise.all(lanes.map((e) => e.stop()));
});

describe.skipIf(!existsSync(AWS_CLI))("exported CLI script with the real aws CLI, foreign content everywhere", () => {
  let reference: Promise<Snapshot> | undefined;
  /** Apply's end state on the same seed: lib/apply with both accounts connected, reused role. */
  const applyReference = () =>
    (reference ??= (async () => {
      const b: Lane = box;
      const input = inputFor(b, "both connected", "reuse role");
      const plan = await reviewPlan(input);
      expect(plan.errors).toEqual([]);
      const run = await applyPlan({ input, fingerprint: plan.fingerprint, confirm: VAULT, backoff: instantBackoff });
      expect(run.status).toBe("succeeded");
      const s = await snapshot(b, ROLE_NAMES);
      expectForeignKept(s);
      return s;
    })());

  // One emulator per access combination, run side by side; each runs both role modes in turn.
  describe.concurrent("per access combination", () => {
    for (const access of ACCESS) {
      it(
        access,
        async () => {
          const emu = await startEmulator({ logName: `export-cli-${access.replace(/\W+/g, "-")}` });
          lanes.push(emu);
          const b = lane(emu);
          b.seeded = await seedScenario(emu.endpoint, SCENARIO);
          const ref = await applyReference();

          // Reused role: ends exactly where Apply ends; foreign content intact.
          const input = inputFor(b, access, "reuse role");
          const plan = await planOn(b, input);
          expect(plan.errors).toEqual([]);
          const r = await runScript(b, exportCliScript(plan), `${access}-reuse`);
          expect(r.stderr).not.toContain("STOP");
          expect(r.status, r.stderr).toBe(0);
          const after = await snapshot(b, ROLE_NAMES);
          expectForeignKept(after);
          expect(same(after)).toBe(same(ref));
          if (access === "both plan-only") {
            // Running it again writes nothing: every document is already as planned.
            const again = await runScript(b, exportCliScript(plan), `${access}-reuse-again`);
            expect(again.status, again.stderr).toBe(0);
            expect(again.stdout).not.toContain("Lockbridge: done:");
          }

          // New role: it cannot join a configuration that already uses the seeded role. Apply refuses that
          // plan (a plan error when the source was read); the script stops before its first write.
          await b.reseed();
          const before = await snapshot(b, ROLE_NAMES);
          const fresh = await planOn(b, inputFor(b, access, "new role"));
          const s = await runScript(b, exportCliScript(fresh), `${access}-new`);
          expect(s.status).not.toBe(0);
          expect(s.stderr).toMatch(/replication configuration/);
          expect(s.stderr).toContain(SEEDED_ROLE_ARN);
          expect(s.stderr).toContain("stopped before the first write: nothing was changed.");
          expect(s.stdout).not.toContain("Lockbridge: done:");
          const unchanged = await snapshot(b, ROLE_NAMES);
          expectForeignKept(unchanged);
          expect(same(unchanged)).toBe(same(before));
        },
        LANE_TIMEOUT,
      );
    }

    // The sandbox seed has no replication role yet: the script creates it, and ends where Apply ends.
    it(
      "sandbox seed, both plan-only, new role created by the script",
      async () => {
        const emu = await startEmulator({ logName: "export-cli-create-role" });
        lanes.push(emu);
        const b = lane(emu);
        b.seeded = await seedScenario(emu.endpoint, SANDBOX);
        await applyReference(); // one apply at a time: Apply holds a per-bucket-pair lock in this process
        const connected = sandboxInput(b.seeded);
        const plan = await planOn(b, connected);
        expect(plan.changes.find((c) => c.id === "source.role")!.action).toBe("CreateRole");
        const clients: SideClients = { source: await b.admin(SRC), destination: await b.admin(DST) };
        const run = await applyPlan({ input: connected, fingerprint: plan.fingerprint, confirm: VAULT, backoff: instantBackoff, clients });
        expect(run.status).toBe("succeeded");
        const ref = await snapshot(b, [plan.names.roleName]);

        await resetAndSeed(emu.endpoint, SANDBOX).then((seeded) => (b.seeded = seeded));
        const planOnly = await planOn(b, sandboxInput(b.seeded, {}, sides("both plan-only")));
        const r = await runScript(b, exportCliScript(planOnly), "sandbox-create");
        expect(r.status, r.stderr).toBe(0);
        expect(r.stdout).toContain(`done: create role ${plan.names.roleName}`);
        expect(same(await snapshot(b, [plan.names.roleName]))).toBe(same(ref));
      },
      LANE_TIMEOUT,
    );
  });
});
