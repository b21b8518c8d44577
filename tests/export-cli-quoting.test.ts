// The CLI export with hostile values everywhere (bucket names, role name, prefix, tags, batch prefix,
// profile names): every argument of every aws call is a single-quoted literal, a quoted variable or a
// quoted file:// path, and run against the stub aws the calls receive the values unchanged while nothing
// in them runs. Also the propagation retries: bounded, with doubling waits, printed; other errors are
// not retried.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildPlan, emptyObserved, exportCliScript, type Plan } from "@/lib/plan";
import { TEST_ACCOUNTS, TEST_KMS } from "@/testing/plan-fixtures";
import { defaultWizardInput, wizardInput, type WizardInput } from "@/lib/schema/wizard";
import { installStubAws, isRead, type StubCall } from "./export-stub-aws";

const work = mkdtempSync(path.join(tmpdir(), "lockbridge-quoting-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const PWNED = path.join(work, "pwned");
const evil = (tag: string) => `${tag}'"\`touch ${PWNED}\`$(touch ${PWNED})\${HOME}\\'\\''`;

/** A plan whose every user value is hostile. Bucket and role names bypass the schema on purpose: the script must not rely on it. */
function hostilePlan(): Plan {
  const parsed = wizardInput.parse(
    defaultWizardInput({
      accounts: TEST_ACCOUNTS,
      encryption: TEST_KMS,
      rule: { scope: "prefix-tags", prefix: `${evil("p")}\nLOCKBRIDGE_JSON\nLOCKBRIDGE_PY`, tags: [{ key: evil("k"), value: evil("v") }] },
    }),
  );
  const input: WizardInput = {
    ...parsed,
    accounts: {
      source: { ...parsed.accounts.source, bucket: evil("src-bucket") },
      destination: { ...parsed.accounts.destination, bucket: evil("dst-bucket") },
    },
    role: { mode: "create", roleName: evil("role"), path: "/service-role/" },
    existingObjects: { ...parsed.existingObjects, enabled: true, bucket: evil("src-bucket"), prefix: evil("batch") },
  };
  return buildPlan(input, emptyObserved(input));
}

function run(script: string, env: Record<string, string> = {}) {
  const dir = mkdtempSync(path.join(work, "run-"));
  const bin = path.join(dir, "bin");
  installStubAws(bin);
  const file = path.join(dir, "run.sh");
  const log = path.join(dir, "aws.log");
  writeFileSync(file, script);
  const r = spawnSync("bash", [file], {
    encoding: "utf8",
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, AWS_LOG: log, LOCKBRIDGE_IAM_WAIT: "0", ...env },
  });
  const calls = existsSync(log)
    ? readFileSync(log, "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as StubCall)
    : [];
  return { ...r, calls };
}

// One argument of an aws call in the script: a flag, the service/operation, a single-quoted literal
// (with '\'' for quotes), a quoted profile variable, a quoted file:// path, or the field after --query.
const TOKEN =
  /\s*(--[a-z-]+|[a-z0-9-]+|'[^']*'(?:\\''[^']*')*|"\$(?:SOURCE|DESTINATION)_PROFILE"|"file:\/\/\$WORKDIR\/[\w.-]+"|[A-Z][A-Za-z.]*)(?=\s|$)/y;

describe("CLI export quoting", () => {
  const plan = hostilePlan();
  const script = exportCliScript(plan);

  it("every argument of every aws call is quoted (bucket names included)", () => {
    const commands = script.split("\n").flatMap((l) => {
      const m = /(?:^|\s)aws (.*)$/.exec(l);
      return m && !l.trimStart().startsWith("#") && !l.startsWith("for tool in") ? [m[1]!] : [];
    });
    expect(commands.length).toBeGreaterThan(20);
    for (const cmd of commands) {
      TOKEN.lastIndex = 0;
      let consumed = 0;
      let prev = "";
      while (consumed < cmd.length) {
        const m = TOKEN.exec(cmd);
        expect(m, `unquoted argument in: aws ${cmd.slice(0, 200)} … at ${cmd.slice(consumed, consumed + 60)}`).not.toBeNull();
        const token = m![1]!;
        if (/^[A-Z]/.test(token)) expect(prev, cmd).toBe("--query");
        prev = token;
        consumed = TOKEN.lastIndex;
      }
    }
    for (const flag of [
      "--bucket",
      "--role-name",
      "--key-id",
      "--policy-name",
      "--expected-bucket-owner",
      "--region",
      "--account-id",
      "--path",
    ]) {
      for (const cmd of commands.filter((c) => c.includes(`${flag} `))) expect(cmd, cmd).toMatch(new RegExp(`${flag} '`));
    }
  });

  it("passes bash -n and, run, sends every hostile value unchanged and runs nothing in it", () => {
    expect(spawnSync("bash", ["-n"], { input: script, encoding: "utf8" }).status).toBe(0);
    const r = run(script, { SOURCE_PROFILE: `p'; touch ${PWNED}; '`, DESTINATION_PROFILE: `$(touch ${PWNED})` });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(existsSync(PWNED)).toBe(false);
    const arg = (c: StubCall, flag: string) => c.args[c.args.indexOf(flag) + 1];
    const buckets = new Set(r.calls.filter((c) => c.args.includes("--bucket")).map((c) => arg(c, "--bucket")));
    expect(buckets).toEqual(new Set([plan.input.accounts.source.bucket, plan.input.accounts.destination.bucket]));
    const roles = new Set(r.calls.filter((c) => c.args.includes("--role-name")).map((c) => arg(c, "--role-name")));
    expect(roles).toEqual(new Set([plan.names.roleName, plan.batch!.roleName]));
    const profiles = new Set(r.calls.map((c) => arg(c, "--profile")));
    expect(profiles).toEqual(new Set([`p'; touch ${PWNED}; '`, `$(touch ${PWNED})`]));
    const replication = r.calls.find((c) => c.args[1] === "put-bucket-replication")!.docs[0] as { Rules: { Filter: unknown }[] };
    expect(replication.Rules[0]!.Filter).toEqual(
      (plan.changes.find((c) => c.id === "source.replication")!.after as { Rules: { Filter: unknown }[] }).Rules[0]!.Filter,
    );
    const job = r.calls.find((c) => c.args[1] === "create-job")!.docs[0] as { Report: { Prefix: string } };
    expect(job.Report.Prefix).toBe((plan.batch!.request.Report as { Prefix: string }).Prefix);
  });
});

describe("CLI export retries for IAM propagation", () => {
  const input = wizardInput.parse(defaultWizardInput({ accounts: TEST_ACCOUNTS }));
  const script = exportCliScript(buildPlan(input, emptyObserved(input)));

  it("retries a policy write AWS rejects while the new role propagates, with doubling, printed waits", () => {
    const r = run(script, { AWS_STUB_FAIL: "put-bucket-policy=2=Invalid principal in policy", LOCKBRIDGE_RETRY_DELAY: "3" });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain("IAM propagation); retry 1 of 5 in 3s");
    expect(r.stderr).toContain("IAM propagation); retry 2 of 5 in 6s");
    expect(r.calls.filter((c) => c.args[1] === "put-bucket-policy")).toHaveLength(3);
    expect(r.stdout).toContain("done: bucket policy of central-vault");
  });

  it("replication waiting for versioning is a propagation race too", () => {
    const r = run(script, {
      AWS_STUB_FAIL: "put-bucket-replication=1=Destination bucket must have versioning enabled.",
      LOCKBRIDGE_RETRY_DELAY: "1",
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain("retry 1 of 5 in 1s");
  });

  it("is bounded: after 6 attempts it stops and says what was already written", () => {
    const r = run(script, { AWS_STUB_FAIL: "put-bucket-policy=99=Invalid principal in policy", LOCKBRIDGE_RETRY_DELAY: "1" });
    expect(r.status).not.toBe(0);
    expect(r.calls.filter((c) => c.args[1] === "put-bucket-policy")).toHaveLength(6);
    expect(r.stderr).toContain("retry 5 of 5 in 16s");
    expect(r.stderr).toMatch(/STOP: bucket policy of central-vault failed/);
    expect(r.stderr).toMatch(/stopped after \d+ write\(s\)/);
    expect(r.calls.some((c) => c.args[1] === "put-bucket-replication")).toBe(false);
  });

  it("does not retry other errors", () => {
    const r = run(script, { AWS_STUB_FAIL: "put-bucket-policy=1=Access Denied", LOCKBRIDGE_RETRY_DELAY: "1" });
    expect(r.status).not.toBe(0);
    expect(r.calls.filter((c) => c.args[1] === "put-bucket-policy")).toHaveLength(1);
    expect(r.stderr).not.toContain("retry");
  });

  it("a plan with errors stops before anything else, naming the errors", () => {
    const bad = buildPlan(input, emptyObserved(input));
    bad.errors.push({
      path: "source.replication",
      message: "The source bucket's replication configuration already uses role arn:aws:iam::111122223333:role/other.",
    });
    const r = run(exportCliScript(bad));
    expect(r.status).toBe(1);
    expect(r.calls).toEqual([]);
    expect(r.stderr).toContain("this plan has 1 error(s)");
    expect(r.stderr).toContain("replication configuration already uses role");
    expect(r.stderr).toContain("stopped before the first write: nothing was changed.");
    expect(r.calls.filter((c) => !isRead(c))).toEqual([]);
  });
});

describe("CLI export of a reused role", () => {
  it("never creates it: when it is missing at run time the script stops before its first write", () => {
    const input = wizardInput.parse(
      defaultWizardInput({ accounts: TEST_ACCOUNTS, role: { mode: "reuse", role: "arn:aws:iam::111122223333:role/legacy" } }),
    );
    const script = exportCliScript(buildPlan(input, emptyObserved(input)));
    expect(script).not.toContain("create-role");
    const r = run(script); // the stub answers get-role with NoSuchEntity
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("role legacy does not exist in the source account 111122223333, and this plan reuses it");
    expect(r.stderr).toContain("stopped before the first write: nothing was changed.");
    expect(r.calls.filter((c) => !isRead(c))).toEqual([]);
  });
});
