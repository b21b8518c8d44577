// S3 Control Batch Operations for the sandbox (moto has none): CreateJob / DescribeJob / ListJobs for
// the S3ReplicateObject operation, with a manifest generator (EligibleForReplication, replication
// statuses) or a CSV manifest. The job runs on the same engine as live replication, checks
// s3:InitiateReplication for its role with iam-simulate, counts progress, writes the generated
// manifest and the completion report where the job says (PREFIX/job-<id>/…), and answers a repeated
// ClientRequestToken with the first job, as S3 does.
import { randomUUID } from "node:crypto";
import { GetObjectCommand, GetObjectTaggingCommand, ListObjectVersionsCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import type { Engine } from "./engine";
import { bucketFacts, roleFacts } from "./facts";
import { batchJobFailure, type Failure, initiateFailure } from "./permissions";
import { bucketOfArn, selectRule } from "./rules";
import { document, errorXml, list, parse, type XmlValue } from "./xml";

type Task = { bucket: string; key: string; versionId?: string; status?: "succeeded" | "failed"; code?: string; message?: string };
type Job = {
  id: string;
  account: string;
  region: string;
  token?: string;
  request: Record<string, unknown>;
  status: string;
  createdAt: string;
  terminatedAt?: string;
  total: number | null;
  succeeded: number;
  failed: number;
  failureReasons: { FailureCode: string; FailureReason: string }[];
  statusUpdateReason?: string;
  generatedManifest?: string;
};
export type Reply = { status: number; headers: Record<string, string>; body: string };

const xml = (status: number, body: string): Reply => ({ status, headers: { "content-type": "application/xml" }, body });
const fail = (status: number, code: string, message: string) => xml(status, errorXml(code, message));
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === "object" ? (v as Record<string, unknown>) : {});
const str = (v: unknown) => (typeof v === "string" ? v : "");

export class Jobs {
  private jobs = new Map<string, Job>();
  private tokens = new Map<string, string>();
  constructor(
    private readonly engine: Engine,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  reset(): void {
    this.jobs.clear();
    this.tokens.clear();
  }

  handle(
    method: string,
    path: string,
    query: URLSearchParams,
    headers: Record<string, string | string[] | undefined>,
    body: string,
    region: string,
  ): Reply {
    const account = String(headers["x-amz-account-id"] ?? "");
    if (!/^\d{12}$/.test(account)) return fail(400, "InvalidRequest", "x-amz-account-id is required");
    const m = /^\/v20180820\/jobs(?:\/([^/]+))?$/.exec(path);
    if (!m) return fail(501, "NotImplemented", `The sandbox does not implement ${method} ${path} (only CreateJob, DescribeJob, ListJobs).`);
    if (method === "POST" && !m[1]) return this.create(account, region, body);
    if (method === "GET" && m[1]) return this.describe(account, decodeURIComponent(m[1]));
    if (method === "GET") return this.listJobs(account, query);
    return fail(501, "NotImplemented", `The sandbox does not implement ${method} ${path}.`);
  }

  private create(account: string, region: string, body: string): Reply {
    let request: Record<string, unknown>;
    try {
      request = obj(parse(body).CreateJobRequest);
    } catch {
      return fail(400, "MalformedXML", "The XML you provided was not well-formed.");
    }
    const token = str(request.ClientRequestToken);
    const seen = token ? this.tokens.get(`${account}/${token}`) : undefined;
    if (seen) return xml(200, document("CreateJobResult", { JobId: seen }));
    if (!("S3ReplicateObject" in obj(request.Operation)))
      return fail(400, "InvalidRequest", "The sandbox runs only S3ReplicateObject (Batch Replication) jobs.");
    if (!str(request.RoleArn)) return fail(400, "InvalidRequest", "RoleArn is required.");
    if (!request.ManifestGenerator && !request.Manifest)
      return fail(400, "InvalidRequest", "A Manifest or a ManifestGenerator is required.");
    const id = randomUUID();
    const job: Job = {
      id,
      account,
      region,
      ...(token ? { token } : {}),
      request,
      status: "New",
      createdAt: new Date().toISOString(),
      total: null,
      succeeded: 0,
      failed: 0,
      failureReasons: [],
    };
    this.jobs.set(id, job);
    if (token) this.tokens.set(`${account}/${token}`, id);
    if (str(request.ConfirmationRequired) === "true") job.status = "Suspended";
    else void this.run(job).catch((err) => this.finishFailed(job, "InternalError", err instanceof Error ? err.message : String(err)));
    return xml(200, document("CreateJobResult", { JobId: id }));
  }

  private finishFailed(job: Job, code: string, reason: string) {
    job.status = "Failed";
    job.failureReasons.push({ FailureCode: code, FailureReason: reason });
    job.terminatedAt = new Date().toISOString();
    this.log(`job ${job.id} failed: ${code}: ${reason}`);
  }

  private async tasksFor(job: Job): Promise<Task[]> {
    const { s3 } = await this.engine.clients.for(job.account);
    const generator = obj(obj(job.request.ManifestGenerator).S3JobManifestGenerator);
    if (Object.keys(generator).length > 0) {
      const bucket = bucketOfArn(str(generator.SourceBucket));
      const filter = obj(generator.Filter);
      const statuses = list<string>(filter.ObjectReplicationStatuses);
      const eligibleOnly = str(filter.EligibleForReplication) === "true";
      const found = await this.engine.configOf(bucket);
      const tasks: Task[] = [];
      let KeyMarker: string | undefined;
      let VersionIdMarker: string | undefined;
      do {
        const page = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, KeyMarker, VersionIdMarker }));
        for (const v of page.Versions ?? []) {
          const key = v.Key ?? "";
          const versionId = v.VersionId ?? "null";
          const status = this.engine.statusOf(bucket, key, versionId);
          if (statuses.length > 0 && !statuses.includes(status ?? "NONE")) continue;
          if (eligibleOnly) {
            const tags = (await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key, VersionId: versionId }))).TagSet ?? [];
            const head = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
            await head.Body?.transformToByteArray();
            const sel = selectRule(found?.config ?? null, {
              key,
              tags: tags.map((t) => ({ Key: t.Key ?? "", Value: t.Value ?? "" })),
              sse: head.ServerSideEncryption,
            });
            if (sel.kind !== "replicate") continue;
          }
          tasks.push({ bucket, key, versionId });
        }
        KeyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
        VersionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
      } while (KeyMarker);
      return tasks;
    }
    // A CSV manifest: bucket,key[,versionId] per line, keys URL-encoded.
    const arn = str(obj(obj(job.request.Manifest).Location).ObjectArn).replace(/^arn:[^:]+:s3:::/, "");
    const slash = arn.indexOf("/");
    const out = await s3.send(new GetObjectCommand({ Bucket: arn.slice(0, slash), Key: arn.slice(slash + 1) }));
    const text = (await out.Body?.transformToString()) ?? "";
    return text
      .split(/\r?\n/)
      .filter((l) => l.trim())
      .map((l) => {
        const [bucket = "", key = "", versionId] = l.split(",");
        return { bucket, key: decodeURIComponent(key.replace(/\+/g, " ")), ...(versionId ? { versionId } : {}) };
      });
  }

  private async put(account: string, bucket: string, key: string, body: string, contentType: string) {
    const { s3 } = await this.engine.clients.for(account);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
  }

  /** The role must be assumable by S3 Batch Operations and allowed the job-level calls, or the job fails. */
  private async preflight(job: Job): Promise<string | null> {
    const roleArn = str(job.request.RoleArn);
    const role = await roleFacts(this.engine.clients, roleArn);
    if (!role.exists) return `The batch role ${roleArn} does not exist.`;
    const generator = obj(obj(job.request.ManifestGenerator).S3JobManifestGenerator);
    const sourceName = bucketOfArn(str(generator.SourceBucket));
    if (!sourceName) return null; // CSV manifest: checked per task
    const source = await bucketFacts(this.engine.clients, job.account, sourceName);
    if (!source.state.exists) return `The source bucket ${sourceName} does not exist.`;
    const writes: { bucket: Awaited<ReturnType<typeof bucketFacts>>; key: string; why: string }[] = [];
    const prefixed = (prefix: string, rest: string) => (prefix ? `${prefix.replace(/\/+$/, "")}/${rest}` : rest);
    if (str(generator.EnableManifestOutput) === "true") {
      const loc = obj(generator.ManifestOutputLocation);
      writes.push({
        bucket: await bucketFacts(this.engine.clients, job.account, bucketOfArn(str(loc.Bucket))),
        key: prefixed(str(loc.ManifestPrefix), `job-${job.id}/manifest.json`),
        why: "to write the generated manifest",
      });
    }
    const report = obj(job.request.Report);
    if (str(report.Enabled) === "true") {
      writes.push({
        bucket: await bucketFacts(this.engine.clients, job.account, bucketOfArn(str(report.Bucket))),
        key: prefixed(str(report.Prefix), `job-${job.id}/manifest.json`),
        why: "to write the completion report",
      });
    }
    return batchJobFailure({ roleArn, identity: role.identity }, source, writes, true);
  }

  private async run(job: Job): Promise<void> {
    job.status = "Preparing";
    const refused = await this.preflight(job);
    if (refused) return this.finishFailed(job, "AccessDenied", refused);
    const tasks = await this.tasksFor(job);
    job.total = tasks.length;
    const generator = obj(obj(job.request.ManifestGenerator).S3JobManifestGenerator);
    const prefixed = (prefix: string, rest: string) => (prefix ? `${prefix.replace(/\/+$/, "")}/${rest}` : rest);
    if (str(generator.EnableManifestOutput) === "true") {
      const loc = obj(generator.ManifestOutputLocation);
      const bucket = bucketOfArn(str(loc.Bucket));
      const key = prefixed(str(loc.ManifestPrefix), `job-${job.id}/manifest.json`);
      const csvKey = prefixed(str(loc.ManifestPrefix), `job-${job.id}/data/manifest.csv`);
      await this.put(
        job.account,
        bucket,
        csvKey,
        tasks.map((t) => `${t.bucket},${encodeURIComponent(t.key)},${t.versionId ?? ""}`).join("\n") + "\n",
        "text/csv",
      );
      await this.put(
        job.account,
        bucket,
        key,
        JSON.stringify({
          sourceBucket: str(generator.SourceBucket),
          fileFormat: "CSV",
          fileSchema: "Bucket, Key, VersionId",
          files: [{ key: csvKey }],
        }),
        "application/json",
      );
      job.generatedManifest = `arn:aws:s3:::${bucket}/${key}`;
    }
    job.status = "Active";
    const roleArn = str(job.request.RoleArn);
    const role = await roleFacts(this.engine.clients, roleArn);
    for (const t of tasks) {
      const source = await bucketFacts(this.engine.clients, job.account, t.bucket);
      const denied: Failure | null = await initiateFailure(
        { roleArn, trust: role.trust, exists: role.exists, identity: role.identity },
        source,
        t.key,
      );
      if (denied) {
        Object.assign(t, { status: "failed", code: denied.code, message: denied.reason });
      } else if (!t.versionId) {
        Object.assign(t, {
          status: "failed",
          code: "SrcVersionNotFound",
          message: "The sandbox replicates manifest entries with a version ID only.",
        });
      } else {
        const out = await this.engine.replicate(t.bucket, t.key, t.versionId);
        if (out.status === "COMPLETED") Object.assign(t, { status: "succeeded", message: "Successful" });
        else if (out.status === "FAILED") Object.assign(t, { status: "failed", code: out.failure?.code, message: out.failure?.reason });
        else
          Object.assign(t, { status: "failed", code: "SrcObjectNotEligible", message: "No enabled replication rule covers this object." });
      }
      if (t.status === "succeeded") job.succeeded++;
      else job.failed++;
    }
    const report = obj(job.request.Report);
    if (str(report.Enabled) === "true") {
      const bucket = bucketOfArn(str(report.Bucket));
      const rows = tasks
        .filter((t) => str(report.ReportScope) !== "FailedTasksOnly" || t.status === "failed")
        .map((t) =>
          [
            t.bucket,
            encodeURIComponent(t.key),
            t.versionId ?? "",
            t.status,
            t.code ?? "",
            t.status === "succeeded" ? "200" : "403",
            `"${(t.message ?? "").replace(/"/g, '""')}"`,
          ].join(","),
        );
      const resultKey = prefixed(str(report.Prefix), `job-${job.id}/results/${randomUUID()}.csv`);
      await this.put(job.account, bucket, resultKey, rows.join("\n") + (rows.length ? "\n" : ""), "text/csv");
      await this.put(
        job.account,
        bucket,
        prefixed(str(report.Prefix), `job-${job.id}/manifest.json`),
        JSON.stringify({
          Format: str(report.Format),
          ReportCreationDate: new Date().toISOString(),
          Results: [{ TaskExecutionStatus: "mixed", Bucket: bucket, Key: resultKey }],
          ReportSchema: "Bucket, Key, VersionId, TaskStatus, ErrorCode, HTTPStatusCode, ResultMessage",
        }),
        "application/json",
      );
    }
    job.status = "Complete";
    job.terminatedAt = new Date().toISOString();
    this.log(`job ${job.id} complete: ${job.succeeded} succeeded, ${job.failed} failed`);
  }

  private view(job: Job): Record<string, XmlValue> {
    const r = job.request;
    return {
      JobId: job.id,
      ConfirmationRequired: str(r.ConfirmationRequired) === "true",
      Description: str(r.Description) || undefined,
      JobArn: `arn:aws:s3:${job.region}:${job.account}:job/${job.id}`,
      Status: job.status,
      Operation: { S3ReplicateObject: {} },
      Priority: Number(str(r.Priority) || 0),
      ProgressSummary: {
        TotalNumberOfTasks: job.total ?? undefined,
        NumberOfTasksSucceeded: job.succeeded,
        NumberOfTasksFailed: job.failed,
      },
      StatusUpdateReason: job.statusUpdateReason,
      FailureReasons: job.failureReasons.length > 0 ? job.failureReasons : undefined,
      Report: r.Report as XmlValue,
      CreationTime: job.createdAt,
      TerminationDate: job.terminatedAt,
      RoleArn: str(r.RoleArn),
      ManifestGenerator: r.ManifestGenerator as XmlValue,
      GeneratedManifestDescriptor: job.generatedManifest
        ? { Format: "S3InventoryReport_CSV_20211130", Location: { ObjectArn: job.generatedManifest } }
        : undefined,
    };
  }

  private describe(account: string, id: string): Reply {
    const job = this.jobs.get(id);
    if (!job || job.account !== account) return fail(404, "NoSuchJob", `The specified job ${id} does not exist.`);
    return xml(200, document("DescribeJobResult", { Job: this.view(job) }));
  }

  private listJobs(account: string, query: URLSearchParams): Reply {
    const wanted = query.getAll("jobStatuses");
    const max = Number(query.get("maxResults") ?? 1000);
    const jobs = [...this.jobs.values()]
      .filter((j) => j.account === account && (wanted.length === 0 || wanted.includes(j.status)))
      .slice(0, max);
    return xml(
      200,
      document("ListJobsResult", {
        Jobs: jobs.map((j) => ({
          JobId: j.id,
          Description: str(j.request.Description) || undefined,
          Operation: "S3ReplicateObject",
          Priority: Number(str(j.request.Priority) || 0),
          Status: j.status,
          CreationTime: j.createdAt,
          TerminationDate: j.terminatedAt,
          ProgressSummary: { TotalNumberOfTasks: j.total ?? undefined, NumberOfTasksSucceeded: j.succeeded, NumberOfTasksFailed: j.failed },
        })),
      }),
    );
  }
}
