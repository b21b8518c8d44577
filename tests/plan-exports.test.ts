// Export shape checks that need processes (lib/plan may not import node:*): the CLI script parses
// with bash -n and, run against a stub `aws`, sends exactly the plan's documents in plan order;
// the Terraform file parses with `terraform fmt` when terraform is installed.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { defaultWizardInput, wizardInput, type WizardDefaultsPartial } from "@/lib/schema/wizard";
import { buildPlan, emptyObserved, exportCliScript, exportTerraform, type Plan } from "@/lib/plan";
import { freshObserved, TEST_ACCOUNTS, TEST_KMS } from "@/testing/plan-fixtures";
import { hclJsonHeredoc, hclString } from "@/lib/plan/export/hcl";
import { installStubAws, isRead, type StubCall } from "./export-stub-aws";

const NASTY = 'a\'b"c`d`$(touch /tmp/pwned)${HOME}\\e"}]\nLOCKBRIDGE_JSON';

function planFor(p: WizardDefaultsPartial, empty = false): Plan {
  const input = wizardInput.parse(defaultWizardInput({ accounts: TEST_ACCOUNTS, ...p }));
  return buildPlan(input, empty ? emptyObserved(input) : freshObserved(input));
}

const plans: [string, Plan][] = [
  ["defaults", planFor({})],
  [
    "kms + nasty prefix/tags",
    planFor({ encryption: TEST_KMS, rule: { scope: "prefix-tags", prefix: NASTY, tags: [{ key: NASTY, value: "%{x}${y}" }] } }),
  ],
  ["plan-only", planFor({ encryption: TEST_KMS }, true)],
];

const work = mkdtempSync(path.join(tmpdir(), "lockbridge-export-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("CLI script export", () => {
  for (const [name, plan] of plans) {
    for (const account of [undefined, "source", "destination"] as const) {
      it(`${name} (${account ?? "both accounts"}) passes bash -n`, () => {
        const file = path.join(work, `${name.replace(/\W+/g, "-")}-${account ?? "all"}.sh`);
        writeFileSync(file, exportCliScript(plan, { account }));
        const r = spawnSync("bash", ["-n", file], { encoding: "utf8" });
        expect(r.stderr).toBe("");
        expect(r.status).toBe(0);
      });
    }
  }

  it("runs against a stub aws CLI and sends exactly the plan's documents, in order, with nothing expanded", () => {
    const plan = plans[1]![1];
    const bin = path.join(work, "bin");
    const log = path.join(work, "aws.log");
    installStubAws(bin);
    const script = path.join(work, "run.sh");
    writeFileSync(script, exportCliScript(plan));
    const r = spawnSync("bash", [script], {
      encoding: "utf8",
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, AWS_LOG: log, SOURCE_PROFILE: "src-prof" },
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const calls = readFileSync(log, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as StubCall);
    // Every document is read before anything is written (phase 1), then re-read right before its write.
    const firstWrite = calls.findIndex((c) => !isRead(c));
    expect(calls.slice(0, firstWrite).map((c) => c.args[1])).toEqual(
      expect.arrayContaining([
        "get-role",
        "get-key-policy",
        "get-bucket-policy",
        "get-bucket-replication",
        "get-object-lock-configuration",
      ]),
    );
    const writes = calls.filter((c) => !isRead(c));
    const sent = writes.map((c) => c.docs[0]);
    const expected = plan.changes.map((c) => {
      const a = c.after as Record<string, unknown>;
      if (c.action === "CreateRole") return a.AssumeRolePolicyDocument;
      if (c.action === "PutRolePolicy") return a.PolicyDocument;
      return c.after;
    });
    expect(sent).toEqual(expected);
    for (const c of calls.filter((c) => c.args[0] === "s3api")) expect(c.args).toContain("--expected-bucket-owner");
    const profiles = writes.map((c) => c.args[c.args.indexOf("--profile") + 1]);
    expect(profiles).toEqual(plan.changes.map((c) => (c.account === "source" ? "src-prof" : "lockbridge-destination")));
    expect(spawnSync("test", ["-e", "/tmp/pwned"]).status).not.toBe(0);
  });
});

const terraform = spawnSync("terraform", ["version"]).status === 0;
describe.skipIf(!terraform)("Terraform export", () => {
  for (const [name, plan] of plans) {
    it(`${name} parses (terraform fmt)`, () => {
      for (const account of [undefined, "source", "destination"] as const) {
        const r = spawnSync("terraform", ["fmt", "-no-color", "-"], { input: exportTerraform(plan, { account }), encoding: "utf8" });
        expect(r.stderr).not.toMatch(/Error/);
        expect(r.status).toBe(0);
      }
    });
  }
});

describe.skipIf(!terraform)("HCL strings as Terraform reads them", () => {
  const evaluate = (expr: string) => {
    // The console reads one line at a time, so the expression goes into a local of a throwaway config.
    const dir = mkdtempSync(path.join(work, "console-"));
    writeFileSync(path.join(dir, "main.tf"), `locals {\n  v = ${expr}\n}\n`);
    const r = spawnSync("terraform", ["console"], { cwd: dir, input: "jsonencode(local.v)\n", encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(JSON.parse(r.stdout.trim()) as string) as unknown;
  };
  it("quoted strings and heredoc documents keep user text as data", () => {
    expect(evaluate(hclString(NASTY))).toBe(NASTY);
    expect(evaluate(hclString("%{x}${y}$${z}\u0001\t"))).toBe("%{x}${y}$${z}\u0001\t");
    const doc = plans[1]![1].changes.find((c) => c.id === "source.replication")!.after;
    expect(evaluate(`jsondecode(${hclJsonHeredoc(doc)}\n)`)).toEqual(doc);
  });
});

// An offline provider mirror lets `terraform validate` check every block against the aws provider schema.
const PLUGINS = "/opt/tf-plugins";
describe.skipIf(!terraform || !existsSync(PLUGINS))("Terraform export validates against the aws provider", () => {
  it("whole plan with foreign rules (tag filter, ExistingObjectReplication) and each half", () => {
    const input = wizardInput.parse(
      defaultWizardInput({
        accounts: {
          ...TEST_ACCOUNTS,
          source: { ...TEST_ACCOUNTS!.source, access: "role", roleArn: "arn:aws:iam::111122223333:role/Admin", externalId: "ext-1" },
        },
        encryption: TEST_KMS,
        rule: {
          scope: "prefix-tags",
          prefix: NASTY,
          tags: [{ key: "a", value: "b" }],
          rtc: true,
          metrics: true,
          replicaModifications: true,
          storageClass: "STANDARD_IA",
        },
        objectLock: { retention: { enabled: true, mode: "GOVERNANCE", unit: "Days", value: 30 } },
      }),
    );
    const observed = freshObserved(input);
    if (observed.source.status === "found") {
      observed.source.value.replication = {
        status: "found",
        value: {
          Role: "arn:aws:iam::111122223333:role/service-role/lockbridge-app-logs-to-central-vault",
          Rules: [
            {
              ID: "tag-only",
              Priority: 3,
              Status: "Enabled",
              Filter: { Tag: { Key: "x", Value: "y" } },
              DeleteMarkerReplication: { Status: "Disabled" },
              Destination: { Bucket: "arn:aws:s3:::x" },
            },
            {
              ID: "all",
              Priority: 4,
              Status: "Enabled",
              Filter: {},
              DeleteMarkerReplication: { Status: "Enabled" },
              Destination: { Bucket: "arn:aws:s3:::y" },
              ExistingObjectReplication: { Status: "Enabled" },
            },
          ],
        },
      };
    }
    const plan = buildPlan(input, observed);
    for (const account of [undefined, "source", "destination"] as const) {
      const dir = mkdtempSync(path.join(work, "tf-"));
      writeFileSync(path.join(dir, "main.tf"), exportTerraform(plan, { account }));
      const init = spawnSync("terraform", ["init", `-plugin-dir=${PLUGINS}`, "-backend=false", "-no-color"], {
        cwd: dir,
        encoding: "utf8",
      });
      expect(init.status, init.stderr).toBe(0);
      const v = spawnSync("terraform", ["validate", "-no-color"], { cwd: dir, encoding: "utf8" });
      expect(v.stdout + v.stderr).toContain("The configuration is valid");
    }
  }, 120_000);
});
