// S3 Batch Replication (lib/aws/batch.ts). IAM (the batch role) and one full job run against the real
// sandbox (moto has no S3 Batch Operations; the sandbox replication engine in front of it answers S3
// Control). Failure shapes the sandbox never produces (propagation retries, Failed jobs) are mocked with
// aws-sdk-client-mock at the SDK boundary.
import { CreateRoleCommand, GetRoleCommand, GetRolePolicyCommand, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import { CreateJobCommand, DescribeJobCommand, ListJobsCommand, S3ControlClient } from "@aws-sdk/client-s3-control";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { createReplicationJob, describeJob, ensureBatchRole, s3ControlFor } from "@/lib/aws/batch";
import type { WriteEvent } from "@/lib/aws/execute";
import { instantBackoff } from "@/lib/aws/retry";
import { buildPlan, emptyObserved, type Plan } from "@/lib/plan";
import { defaultWizardInput, wizardInput } from "@/lib/schema/wizard";
import { useEmulator } from "./apply-support";

const SRC = "111111111111";
const box = useEmulator("testing/seeds/verify.json");
const ADMIN = { mode: "role" as const, roleArn: `arn:aws:iam::${SRC}:role/LockbridgeAdmin` };

function planFor(roleName: string, extra: Record<string, unknown> = {}): Plan {
  const values = defaultWizardInput({
    accounts: {
      source: { accountId: SRC, region: "eu-west-1", bucket: "lockbridge-demo-source", access: "role", roleArn: ADMIN.roleArn },
      destination: {
        accountId: "222222222222",
        region: "eu-west-1",
        bucket: "lockbridge-demo-vault",
        access: "role",
        roleArn: "arn:aws:iam::222222222222:role/LockbridgeAdmin",
      },
    },
  });
  const input = wizardInput.parse({ ...values, existingObjects: { enabled: true, roleName, ...extra } });
  return buildPlan(input, emptyObserved(input));
}

const err = (name: string, message: string, httpStatusCode = 400) =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode, requestId: "req-err" } });
const mocks: { restore(): void }[] = [];
afterEach(() => mocks.splice(0).forEach((m) => m.restore()));
/** A client whose S3 Control calls are mocked (moto has none of them). */
function mockedS3Control() {
  const client = new S3ControlClient({ region: "eu-west-1" });
  const m = mockClient(client);
  mocks.push(m);
  return { client, m };
}

describe("ensureBatchRole (real emulator IAM)", () => {
  it("creates the role and its policy once; a second call writes nothing", async () => {
    const { iam } = await box.admin(SRC);
    const b = planFor("lockbridge-batch-once").batch!;
    const events: WriteEvent[] = [];
    expect(await ensureBatchRole(b, iam, { onWrite: (e) => events.push(e) })).toEqual([
      "Created role lockbridge-batch-once",
      "Put inline policy lockbridge-batch-replication on lockbridge-batch-once",
    ]);
    expect(events.map((e) => [e.api, e.result, e.account, e.accountId])).toEqual([
      ["CreateRole", "ok", "source", SRC],
      ["PutRolePolicy", "ok", "source", SRC],
    ]);
    const role = await iam.send(new GetRoleCommand({ RoleName: b.roleName }));
    expect(role.Role?.Arn).toBe(b.roleArn);
    expect(JSON.parse(decodeURIComponent(role.Role!.AssumeRolePolicyDocument!))).toEqual(b.trustPolicy);
    expect(await ensureBatchRole(b, iam, { onWrite: (e) => events.push(e) })).toEqual([]);
    expect(events).toHaveLength(2);
  });

  it("refuses a same-name role on another path (the job would name a role that is not it)", async () => {
    const { iam } = await box.admin(SRC);
    const b = planFor("lockbridge-batch-elsewhere").batch!;
    await iam.send(new CreateRoleCommand({ RoleName: b.roleName, Path: "/", AssumeRolePolicyDocument: JSON.stringify(b.trustPolicy) }));
    await expect(ensureBatchRole(b, iam)).rejects.toThrow(
      `Role lockbridge-batch-elsewhere already exists as arn:aws:iam::${SRC}:role/lockbridge-batch-elsewhere, not ${b.roleArn}.`,
    );
  });

  it("on an existing role adds only what is missing and keeps foreign statements", async () => {
    const { iam } = await box.admin(SRC);
    const b = planFor("lockbridge-batch-existing").batch!;
    const foreignTrust = {
      Version: "2012-10-17",
      Statement: [{ Sid: "Ops", Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "sts:AssumeRole" }],
    };
    await iam.send(
      new CreateRoleCommand({ RoleName: b.roleName, Path: "/service-role/", AssumeRolePolicyDocument: JSON.stringify(foreignTrust) }),
    );
    const foreign = { Sid: "TeamRead", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::elsewhere/*" };
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: b.roleName,
        PolicyName: b.policyName,
        PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [foreign] }),
      }),
    );
    const apis: string[] = [];
    await ensureBatchRole(b, iam, { onWrite: (e) => apis.push(e.api) });
    expect(apis).toEqual(["UpdateAssumeRolePolicy", "PutRolePolicy"]);
    const trust = JSON.parse(
      decodeURIComponent((await iam.send(new GetRoleCommand({ RoleName: b.roleName }))).Role!.AssumeRolePolicyDocument!),
    );
    expect(trust.Statement.map((s: { Sid: string }) => s.Sid)).toEqual(["Ops", "LockbridgeBatchAssume"]);
    const policy = JSON.parse(
      decodeURIComponent((await iam.send(new GetRolePolicyCommand({ RoleName: b.roleName, PolicyName: b.policyName }))).PolicyDocument!),
    );
    expect(policy.Statement[0]).toEqual(foreign);
    expect(policy.Statement).toHaveLength(5);
  });
});

describe("createReplicationJob", () => {
  it("against the sandbox (real S3 Control client, no mock): the job runs on the replication engine and reports S3's reasons", async () => {
    const { iam } = await box.admin(SRC);
    const plan = planFor("lockbridge-batch-sandbox");
    const s3control = s3ControlFor(ADMIN, "eu-west-1");
    const events: WriteEvent[] = [];
    const r = await createReplicationJob(plan, { iam, s3control }, { onWrite: (e) => events.push(e) });
    expect(r).toMatchObject({ kind: "created", roleArn: plan.batch!.roleArn });
    expect(events.map((e) => [e.api, e.result])).toEqual([
      ["CreateRole", "ok"],
      ["PutRolePolicy", "ok"],
      ["CreateJob", "ok"],
    ]);
    const jobId = (r as { jobId: string }).jobId;
    // The same plan sends the same ClientRequestToken: S3 answers with the first job.
    expect(await createReplicationJob(plan, { iam, s3control })).toMatchObject({ kind: "created", jobId });
    let view = await describeJob(s3control, SRC, jobId);
    for (let i = 0; i < 100 && !view.done; i++)
      view = await new Promise((res) => setTimeout(res, 100)).then(() => describeJob(s3control, SRC, jobId));
    // The seed's rule names a replication role that was never created: every task fails as S3 says.
    expect(view).toMatchObject({ status: "Complete", progress: { total: 5, succeeded: 0, failed: 5, percent: 100 } });
    expect(view.reportUri).toBe(`s3://lockbridge-demo-source/${plan.batch!.report.prefix}/job-${jobId}/results/`.replace("//job", "/job"));
    const { s3 } = await box.admin(SRC);
    const { ListObjectsV2Command, GetObjectCommand } = await import("@aws-sdk/client-s3");
    const prefix = view.reportUri!.replace("s3://lockbridge-demo-source/", "");
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: "lockbridge-demo-source", Prefix: prefix }));
    const report = await (
      await s3.send(new GetObjectCommand({ Bucket: "lockbridge-demo-source", Key: listed.Contents![0]!.Key! }))
    ).Body!.transformToString();
    expect(report.trim().split("\n")).toHaveLength(5);
    expect(report).toContain("lockbridge-demo-source,invoices%2F2026%2FINV-2026-0001.pdf,");
    expect(report).toContain(",failed,AssumeRoleNotPermitted,");
    const listedJobs = await s3control.send(new ListJobsCommand({ AccountId: SRC }));
    expect(listedJobs.Jobs?.map((j) => [j.JobId, j.Status, j.Operation])).toContainEqual([jobId, "Complete", "S3ReplicateObject"]);
  });

  it("against the sandbox: a batch role that may not PutInventoryConfiguration fails the job, with the reason", async () => {
    const { iam } = await box.admin(SRC);
    const plan = planFor("lockbridge-batch-denied");
    const b = plan.batch!;
    await ensureBatchRole(b, iam);
    // Someone trims the role's policy: S3 Batch Operations can no longer generate the manifest.
    const trimmed = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: ["s3:InitiateReplication", "s3:GetReplicationConfiguration", "s3:PutObject"], Resource: "*" }],
    };
    await iam.send(new PutRolePolicyCommand({ RoleName: b.roleName, PolicyName: b.policyName, PolicyDocument: JSON.stringify(trimmed) }));
    const s3control = s3ControlFor(ADMIN, "eu-west-1");
    const { JobId } = await s3control.send(
      new CreateJobCommand({
        ...(b.request as unknown as ConstructorParameters<typeof CreateJobCommand>[0]),
        ClientRequestToken: "trimmed-role",
      }),
    );
    let view = await describeJob(s3control, SRC, JobId!);
    for (let i = 0; i < 100 && !view.done; i++)
      view = await new Promise((res) => setTimeout(res, 100)).then(() => describeJob(s3control, SRC, JobId!));
    expect(view).toMatchObject({ status: "Failed", progress: { total: null, succeeded: 0, failed: 0 } });
    expect(view.failureReasons).toEqual([
      `AccessDenied: The batch role ${b.roleArn} is not allowed s3:PutInventoryConfiguration on arn:aws:s3:::lockbridge-demo-source (to generate the manifest).`,
    ]);
  });

  // Mocked: the emulator has no CreateJob, so the request shape can only be checked at the SDK boundary.
  it("sends the plan's CreateJob request field by field, after the role, and audits every write", async () => {
    const { iam } = await box.admin(SRC);
    const { client, m } = mockedS3Control();
    m.on(ListJobsCommand).resolves({ Jobs: [] });
    m.on(CreateJobCommand).resolves({ JobId: "job-123", $metadata: { requestId: "req-create" } });
    const plan = planFor("lockbridge-batch-shape", { statuses: ["NONE"], reportScope: "AllTasks", priority: 7 });
    const events: WriteEvent[] = [];
    const r = await createReplicationJob(plan, { iam, s3control: client }, { onWrite: (e) => events.push(e) });
    expect(r).toMatchObject({ kind: "created", jobId: "job-123", requestId: "req-create", roleArn: plan.batch!.roleArn });
    const sent = m.commandCalls(CreateJobCommand)[0]!.args[0].input;
    const b = plan.batch!;
    expect(sent.AccountId).toBe(SRC);
    expect(sent.Operation).toEqual({ S3ReplicateObject: {} });
    expect(sent.ConfirmationRequired).toBe(false);
    expect(sent.Priority).toBe(7);
    expect(sent.RoleArn).toBe(`arn:aws:iam::${SRC}:role/service-role/lockbridge-batch-shape`);
    expect(sent.ClientRequestToken).toMatch(/^[0-9a-f]{64}$/);
    expect(sent.Report).toEqual({
      Bucket: "arn:aws:s3:::lockbridge-demo-source",
      Prefix: "lockbridge/batch-reports",
      Format: "Report_CSV_20180820",
      Enabled: true,
      ReportScope: "AllTasks",
    });
    expect(sent.ManifestGenerator?.S3JobManifestGenerator?.SourceBucket).toBe("arn:aws:s3:::lockbridge-demo-source");
    expect(sent.ManifestGenerator?.S3JobManifestGenerator?.EnableManifestOutput).toBe(true);
    expect(sent.ManifestGenerator?.S3JobManifestGenerator?.Filter).toEqual({
      EligibleForReplication: true,
      ObjectReplicationStatuses: ["NONE"],
    });
    expect(sent.Description).toMatch(/^Lockbridge: replicate existing objects of lockbridge-demo-source/);
    expect(sent).toEqual(b.request);
    expect(events.map((e) => `${e.api}:${e.result}`)).toEqual(["CreateRole:ok", "PutRolePolicy:ok", "CreateJob:ok"]);
    expect(events[2]).toMatchObject({ target: SRC, requestId: "req-create", after: b.request });
    // Never credentials in an audit event.
    expect(JSON.stringify(events)).not.toMatch(/secret|AccessKeyId|SessionToken|lockbridge-sandbox/i);
  });

  // Mocked: only real S3 Batch Operations can refuse a role that IAM has not propagated yet.
  it("retries CreateJob while a new role is not assumable yet, then reports other failures plainly", async () => {
    const { iam } = await box.admin(SRC);
    const { client, m } = mockedS3Control();
    m.on(ListJobsCommand).resolves({});
    m.on(CreateJobCommand)
      .rejectsOnce(err("InvalidRequest", "Unable to assume role arn:aws:iam::111111111111:role/service-role/x"))
      .resolves({ JobId: "job-after-retry" });
    const notes: string[] = [];
    const r = await createReplicationJob(
      planFor("lockbridge-batch-retry"),
      { iam, s3control: client },
      { backoff: instantBackoff, onNote: (n) => notes.push(n) },
    );
    expect(r, JSON.stringify(r)).toMatchObject({ kind: "created", jobId: "job-after-retry" });
    expect(notes).toHaveLength(1);

    m.on(CreateJobCommand).rejects(err("AccessDenied", "User is not authorized to perform iam:PassRole", 403));
    const events: WriteEvent[] = [];
    const failed = await createReplicationJob(
      planFor("lockbridge-batch-retry"),
      { iam, s3control: client },
      { backoff: instantBackoff, onWrite: (e) => events.push(e) },
    );
    expect(failed).toEqual({
      kind: "failed",
      step: "create-job",
      code: "AccessDenied",
      message: "User is not authorized to perform iam:PassRole",
      requestId: "req-err",
      roleWrites: [],
    });
    expect(events.map((e) => [e.api, e.result, e.error?.code])).toEqual([["CreateJob", "error", "AccessDenied"]]);
  });
});

// Mocked: the emulator has no DescribeJob.
describe("describeJob", () => {
  it("reports progress of an active job", async () => {
    const { client, m } = mockedS3Control();
    m.on(DescribeJobCommand).resolves({
      Job: {
        JobId: "j1",
        Status: "Active",
        ProgressSummary: { TotalNumberOfTasks: 200, NumberOfTasksSucceeded: 120, NumberOfTasksFailed: 30 },
        Report: { Enabled: true, Bucket: "arn:aws:s3:::src", Prefix: "lockbridge/batch-reports" },
      },
    });
    const v = await describeJob(client, SRC, "j1");
    expect(v).toMatchObject({
      jobId: "j1",
      status: "Active",
      done: false,
      progress: { total: 200, succeeded: 120, failed: 30, percent: 75 },
      failureReasons: [],
    });
    expect(v.reportUri).toBe("s3://src/lockbridge/batch-reports/job-j1/results/");
    expect(m.commandCalls(DescribeJobCommand)[0]!.args[0].input).toEqual({ AccountId: SRC, JobId: "j1" });
  });

  it("reports a failed job's reasons, and a finished job's generated manifest", async () => {
    const { client, m } = mockedS3Control();
    m.on(DescribeJobCommand, { JobId: "bad" }).resolves({
      Job: {
        JobId: "bad",
        Status: "Failed",
        StatusUpdateReason: "Job failed",
        FailureReasons: [{ FailureCode: "AccessDenied", FailureReason: "Reading the manifest is forbidden" }],
        ProgressSummary: {},
      },
    });
    m.on(DescribeJobCommand, { JobId: "ok" }).resolves({
      Job: {
        JobId: "ok",
        Status: "Complete",
        ProgressSummary: { TotalNumberOfTasks: 3, NumberOfTasksSucceeded: 3, NumberOfTasksFailed: 0 },
        Report: { Enabled: false },
        GeneratedManifestDescriptor: {
          Location: { ObjectArn: "arn:aws:s3:::src/lockbridge/batch-reports/job-ok/manifest.json", ETag: "e1" },
        },
      },
    });
    const bad = await describeJob(client, SRC, "bad");
    expect(bad).toMatchObject({
      status: "Failed",
      done: true,
      statusUpdateReason: "Job failed",
      failureReasons: ["AccessDenied: Reading the manifest is forbidden"],
      progress: { total: null, percent: null },
    });
    const ok = await describeJob(client, SRC, "ok");
    expect(ok).toMatchObject({
      done: true,
      reportUri: null,
      manifestUri: "s3://src/lockbridge/batch-reports/job-ok/manifest.json",
      progress: { percent: 100 },
    });
  });
});
