// The Terraform export refuses at `terraform plan` time, run for real against the emulator (offline
// provider mirror /opt/tf-plugins, endpoints from AWS_ENDPOINT_URL, path-style S3 through an override):
// - a plan with errors fails with the errors in the message;
// - a plan-only plan fails on every resource that would replace a whole document Lockbridge did not
//   read, naming the document, until its lockbridge_merged_* variable says it was merged by hand;
// - a plan whose documents were read plans cleanly.
// Without terraform (or its provider mirror) this file says so LOUDLY and skips: it never passes silently.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPlan, emptyObserved, exportTerraform } from "@/lib/plan";
import { freshObserved, TEST_ACCOUNTS, TEST_KMS } from "@/testing/plan-fixtures";
import { defaultWizardInput, wizardInput } from "@/lib/schema/wizard";
import { sandboxCredentials, testEndpoint } from "@/testing/emulator";

const PLUGINS = "/opt/tf-plugins";
const terraform = spawnSync("terraform", ["version"]).status === 0;
const runnable = terraform && existsSync(PLUGINS);
if (!runnable) {
  console.warn(
    `\n*** SKIPPED (LOUDLY): tests/export-terraform.test.ts needs ${terraform ? "" : "terraform on PATH and "}the offline aws provider mirror ${PLUGINS}. The Terraform export's plan-time refusals were NOT checked on this machine. ***\n`,
  );
}

const input = wizardInput.parse(defaultWizardInput({ accounts: TEST_ACCOUNTS, encryption: TEST_KMS }));
const SRC_ROLE = "arn:aws:iam::111122223333:role/Admin";
const DST_ROLE = "arn:aws:iam::444455556666:role/Admin";
const work = mkdtempSync(path.join(tmpdir(), "lockbridge-tf-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function plan(vars: string[] = []) {
  return spawnSync(
    "terraform",
    [
      "plan",
      "-no-color",
      "-input=false",
      "-refresh=false",
      `-var=source_role_arn=${SRC_ROLE}`,
      `-var=destination_role_arn=${DST_ROLE}`,
      ...vars,
    ],
    {
      cwd: work,
      encoding: "utf8",
      env: {
        ...process.env,
        AWS_ENDPOINT_URL: testEndpoint(),
        AWS_ACCESS_KEY_ID: sandboxCredentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: sandboxCredentials.secretAccessKey,
        AWS_SESSION_TOKEN: "",
        AWS_PROFILE: "",
        AWS_EC2_METADATA_DISABLED: "true",
        TF_IN_AUTOMATION: "1",
        TF_CLI_CONFIG_FILE: path.join(work, "terraformrc"),
      },
    },
  );
}

describe.skipIf(!runnable)("Terraform export at plan time (real terraform, emulator)", () => {
  beforeAll(() => {
    writeFileSync(path.join(work, "terraformrc"), "");
    // One init for all cases: only main.tf changes between them.
    writeFileSync(path.join(work, "main.tf"), exportTerraform(buildPlan(input, freshObserved(input))));
    writeFileSync(
      path.join(work, "override.tf"),
      ["source", "destination"]
        .map((alias) => `provider "aws" {\n  alias             = "${alias}"\n  s3_use_path_style = true\n}\n`)
        .join("\n"),
    );
    const init = spawnSync("terraform", ["init", `-plugin-dir=${PLUGINS}`, "-backend=false", "-no-color", "-input=false"], {
      cwd: work,
      encoding: "utf8",
    });
    expect(init.status, init.stdout + init.stderr).toBe(0);
  }, 120_000);

  it("a plan with errors fails, with the errors in the message", () => {
    const observed = freshObserved(input);
    if (observed.source.status === "found") {
      observed.source.value.replication = { status: "found", value: { Role: "arn:aws:iam::111122223333:role/someone-else", Rules: [] } };
    }
    const p = buildPlan(input, observed);
    expect(p.errors.length).toBeGreaterThan(0);
    writeFileSync(path.join(work, "main.tf"), exportTerraform(p));
    const r = plan();
    expect(r.status).not.toBe(0);
    expect(r.stderr, r.stderr).toContain("must not be applied");
    expect(r.stderr).toContain("someone-else");
  }, 120_000);

  it("plan-only: every resource owning an unread whole document fails, naming it, until acknowledged", () => {
    const p = buildPlan(input, emptyObserved(input));
    const tf = exportTerraform(p);
    writeFileSync(path.join(work, "main.tf"), tf);
    const r = plan();
    expect(r.status).not.toBe(0);
    for (const what of [
      "bucket policy of central-vault",
      "key policy of",
      "Object Lock configuration (default retention) of central-vault",
      "inline role policy",
    ]) {
      expect(r.stderr.replace(/\s+/g, " ")).toContain(`did not read the live ${what}`);
    }
    // The file says what it owns and what destroy would do.
    expect(tf).toContain("`terraform destroy` DELETES the bucket policy");
    expect(tf).toContain("RESETS it to the KMS default policy");
    const acks = ["object_lock", "role_policy", "key_policy", "bucket_policy"].map((v) => `-var=lockbridge_merged_${v}=true`);
    // The replication configuration depends on the others, so Terraform checks it once they pass.
    const last = plan(acks);
    expect(last.status).not.toBe(0);
    expect(last.stderr.replace(/\s+/g, " ")).toContain("did not read the live replication configuration of app-logs");
    const ok = plan([...acks, "-var=lockbridge_merged_replication=true"]);
    expect(ok.stderr).toBe("");
    expect(ok.status, ok.stdout).toBe(0);
    expect(ok.stdout).toMatch(/Plan: \d+ to add/);
  }, 180_000);

  it("documents that were read plan cleanly", () => {
    writeFileSync(path.join(work, "main.tf"), exportTerraform(buildPlan(input, freshObserved(input))));
    const r = plan();
    expect(r.stderr).toBe("");
    expect(r.status, r.stdout).toBe(0);
  }, 120_000);
});
