// The batch part of the CLI export, run for real with bash against a stub `aws` that records every call
// and the content of every file:// argument (lib/plan may not spawn processes, so this lives here).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { buildPlan, emptyObserved, exportCliScript } from "@/lib/plan";
import { defaultWizardInput, wizardInput } from "@/lib/schema/wizard";
import { installStubAws, isRead, type StubCall } from "./export-stub-aws";

const NASTY = "a'b\"c`d`$(touch /tmp/pwned-batch)${HOME}\\e\nLOCKBRIDGE_JSON/";
const input = wizardInput.parse({
  ...defaultWizardInput({
    accounts: {
      source: { accountId: "111122223333", region: "eu-west-1", bucket: "app-logs", access: "plan-only" },
      destination: { accountId: "444455556666", region: "eu-central-1", bucket: "central-vault", access: "plan-only" },
    },
  }),
  existingObjects: { enabled: true, prefix: NASTY },
});
const plan = buildPlan(input, emptyObserved(input));
const work = mkdtempSync(path.join(tmpdir(), "lockbridge-batch-export-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("CLI export of the Batch Replication job", () => {
  it("passes bash -n for the whole plan and the source half", () => {
    for (const account of [undefined, "source"] as const) {
      const file = path.join(work, `batch-${account ?? "all"}.sh`);
      writeFileSync(file, exportCliScript(plan, { account }));
      const r = spawnSync("bash", ["-n", file], { encoding: "utf8" });
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
    }
  });

  it("creates the role only when missing, then create-job with the plan's request, the source profile, region and --account-id", () => {
    const bin = path.join(work, "bin");
    const log = path.join(work, "aws.log");
    installStubAws(bin);
    const script = path.join(work, "run.sh");
    writeFileSync(script, exportCliScript(plan, { account: "source" }));
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
    const role = plan.batch!.roleName;
    const batchCalls = calls.filter((c) => c.args.includes(role) || c.args[0] === "s3control");
    // Read in the check phase, read again right before writing, then create, policy, wait, job.
    expect(batchCalls.map((c) => `${c.args[0]} ${c.args[1]}`)).toEqual([
      "iam get-role",
      "iam get-role",
      "iam create-role",
      "iam put-role-policy",
      "iam wait",
      "s3control create-job",
    ]);
    expect(calls.findIndex((c) => c.args.includes(role))).toBeLessThan(calls.findIndex((c) => !isRead(c)));
    const [, , create, put, , job] = batchCalls;
    expect(create!.docs[0]).toEqual(plan.batch!.trustPolicy);
    expect(put!.docs[0]).toEqual(plan.batch!.permissionsPolicy);
    const { AccountId, ...rest } = plan.batch!.request;
    expect(job!.docs[0]).toEqual(rest);
    expect(job!.args).toEqual(
      expect.arrayContaining(["--profile", "src-prof", "--region", "eu-west-1", "--account-id", String(AccountId)]),
    );
    // The prefix is data: it reaches the request unchanged and nothing in it ran.
    expect((rest.Report as { Prefix: string }).Prefix).toBe(NASTY.replace(/\/+$/, ""));
    expect(spawnSync("test", ["-e", "/tmp/pwned-batch"]).status).not.toBe(0);
  });
});

describe("CreateJob request at the bucket's root", () => {
  // S3 Control rejects Prefix: "" and ManifestPrefix: "" (minimum length 1), so they are left out.
  for (const prefix of ["", "/", "//"]) {
    it(`prefix ${JSON.stringify(prefix)}: no empty Prefix or ManifestPrefix is sent`, () => {
      const root = wizardInput.parse({ ...input, existingObjects: { ...input.existingObjects, prefix } });
      const b = buildPlan(root, emptyObserved(root)).batch!;
      const report = b.request.Report as Record<string, unknown>;
      const location = (b.request.ManifestGenerator as { S3JobManifestGenerator: { ManifestOutputLocation: Record<string, unknown> } })
        .S3JobManifestGenerator.ManifestOutputLocation;
      expect(report).not.toHaveProperty("Prefix");
      expect(location).not.toHaveProperty("ManifestPrefix");
      expect(b.report.uri).toBe(`s3://${root.existingObjects.bucket}/job-<JobId>/results/`);
      // And the script sends the request as planned.
      const script = exportCliScript(buildPlan(root, emptyObserved(root)), { account: "source" });
      expect(script).not.toMatch(/"(Manifest)?Prefix": ""/);
    });
  }
});
