import "server-only";
// S3 Batch Replication, the effectful half of lib/plan/batch.ts: make sure the batch role is
// there (adding only what is missing), then S3 Control CreateJob in the source account and Region, then
// DescribeJob for status and progress. Every write emits a WriteEvent (documents only, never credentials).
import {
  CreateRoleCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  type IAMClient,
  PutRolePolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from "@aws-sdk/client-iam";
import {
  CreateJobCommand,
  type CreateJobCommandInput,
  DescribeJobCommand,
  ListJobsCommand,
  S3ControlClient,
} from "@aws-sdk/client-s3-control";
import { env } from "@/lib/env";
import { BATCH_OWNED_SIDS, BATCH_SERVICE, type BatchPlan } from "@/lib/plan/batch";
import { isObject, statementsOf, stringList } from "@/lib/plan/canonical";
import { mergeOwnedStatements } from "@/lib/plan/merge";
import { equivalent } from "@/lib/plan/normalize";
import type { Json, Plan, PolicyDocument } from "@/lib/plan/types";
import { decodeIamDocument } from "./adapters";
import { type AccountAccess, credentialsFor } from "./credentials";
import { isNotFound, toFailure } from "./errors";
import type { WriteEvent } from "./execute";
import { type Backoff, defaultBackoff } from "./retry";

export type BatchClients = { iam: IAMClient; s3control: S3ControlClient };
export type BatchOptions = { onWrite?: (event: WriteEvent) => void; onNote?: (note: string) => void; backoff?: Backoff };

export const UNSUPPORTED_MESSAGE =
  "This endpoint does not support S3 Batch Operations (the local emulator has no CreateJob); nothing was created.";

/**
 * S3 Control client for one account. S3 Control puts the account ID into the host name
 * ({AccountId}.s3-control.{Region}.amazonaws.com); against a custom endpoint such as the emulator at
 * 127.0.0.1 that host cannot exist (the SDK fails with "Invalid URL"), so every request goes to the
 * endpoint as given. The account still travels in the x-amz-account-id header.
 */
export function s3ControlFor(access: AccountAccess, region: string, purpose = "batch"): S3ControlClient {
  const endpoint = env().endpoint;
  return new S3ControlClient({
    region,
    credentials: credentialsFor(access, region, purpose),
    maxAttempts: 5,
    ...(endpoint ? { endpointProvider: () => ({ url: new URL(endpoint) }) } : {}),
  });
}

/** The endpoint has no S3 Batch Operations API (moto answers an HTML 404; others say NotImplemented). */
export function isUnsupported(err: unknown): boolean {
  const f = toFailure(err);
  if (f.httpStatus === 501 || /^(NotImplemented|UnknownOperation(Exception)?|InvalidAction|UnsupportedOperation)$/.test(f.code))
    return true;
  return (
    (f.httpStatus === 404 || f.httpStatus === 405) &&
    (f.code === "Error" || f.code === "UnknownError" || /Deserialization/i.test(f.message))
  );
}

const trustsBatch = (trust: PolicyDocument) =>
  statementsOf(trust).some(
    (st) => isObject(st) && st.Effect === "Allow" && isObject(st.Principal) && stringList(st.Principal.Service).includes(BATCH_SERVICE),
  );

type Emit = (
  api: string,
  target: string,
  before: Json | null,
  after: Json | null,
  send: () => Promise<{ $metadata?: { requestId?: string } }>,
) => Promise<void>;

function emitter(b: BatchPlan, opts: BatchOptions): Emit {
  return async (api, target, before, after, send) => {
    const base = { account: "source" as const, accountId: b.accountId, api, target, before, after };
    try {
      const out = await send();
      opts.onWrite?.({ when: new Date().toISOString(), ...base, requestId: out.$metadata?.requestId, result: "ok" });
    } catch (err) {
      const f = toFailure(err);
      opts.onWrite?.({
        when: new Date().toISOString(),
        ...base,
        requestId: f.requestId,
        result: "error",
        error: { code: f.code, message: f.message },
      });
      throw err;
    }
  };
}

/**
 * Creates the batch role when missing; on an existing role adds our trust statement only when nothing
 * lets S3 Batch Operations assume it yet, and rewrites our inline policy only when it differs (foreign
 * statements in it are kept, merge rules of lib/plan/merge.ts). A second call makes no write.
 * Returns the writes made, in words.
 */
export async function ensureBatchRole(b: BatchPlan, iam: IAMClient, opts: BatchOptions = {}): Promise<string[]> {
  const emit = emitter(b, opts);
  const RoleName = b.roleName;
  const writes: string[] = [];
  let trust: PolicyDocument | null = null;
  try {
    const { Role: role } = await iam.send(new GetRoleCommand({ RoleName }));
    // The job request names the planned ARN (path /service-role/); a same-name role on another path is not it.
    if (role?.Arn && role.Arn !== b.roleArn) {
      throw Object.assign(new Error(`Role ${RoleName} already exists as ${role.Arn}, not ${b.roleArn}. Choose another batch role name.`), {
        name: "RoleArnMismatch",
      });
    }
    trust = decodeIamDocument(role?.AssumeRolePolicyDocument);
  } catch (err) {
    if (!isNotFound(err, "NoSuchEntity")) throw err;
  }
  if (trust === null) {
    const after = {
      RoleName,
      Path: b.rolePath,
      AssumeRolePolicyDocument: b.trustPolicy,
      Description: "S3 Batch Replication role managed by Lockbridge",
    };
    await emit("CreateRole", RoleName, null, after, () =>
      iam.send(new CreateRoleCommand({ ...after, AssumeRolePolicyDocument: JSON.stringify(b.trustPolicy) })),
    );
    writes.push(`Created role ${RoleName}`);
  } else if (!trustsBatch(trust)) {
    const merged = mergeOwnedStatements(trust, BATCH_OWNED_SIDS.trust, statementsOf(b.trustPolicy).filter(isObject));
    await emit("UpdateAssumeRolePolicy", RoleName, { RoleName, PolicyDocument: trust }, { RoleName, PolicyDocument: merged }, () =>
      iam.send(new UpdateAssumeRolePolicyCommand({ RoleName, PolicyDocument: JSON.stringify(merged) })),
    );
    writes.push(`Let ${BATCH_SERVICE} assume ${RoleName}`);
  }

  let live: PolicyDocument | null = null;
  try {
    live = decodeIamDocument((await iam.send(new GetRolePolicyCommand({ RoleName, PolicyName: b.policyName }))).PolicyDocument);
  } catch (err) {
    if (!isNotFound(err, "NoSuchEntity")) throw err;
  }
  const wanted = mergeOwnedStatements(live, BATCH_OWNED_SIDS.policy, statementsOf(b.permissionsPolicy).filter(isObject));
  if (!equivalent(live, wanted)) {
    const wrap = (doc: PolicyDocument | null) => (doc ? { RoleName, PolicyName: b.policyName, PolicyDocument: doc } : null);
    await emit("PutRolePolicy", RoleName, wrap(live), wrap(wanted), () =>
      iam.send(new PutRolePolicyCommand({ RoleName, PolicyName: b.policyName, PolicyDocument: JSON.stringify(wanted) })),
    );
    writes.push(`Put inline policy ${b.policyName} on ${RoleName}`);
  }
  return writes;
}

export type CreateJobResult =
  | { kind: "created"; jobId: string; roleArn: string; requestId?: string; roleWrites: string[] }
  | { kind: "unsupported"; message: string }
  | { kind: "failed"; step: "role" | "create-job"; code: string; message: string; requestId?: string; roleWrites: string[] };

/** Right after a role is created or changed S3 Batch Operations may not be able to assume it yet. */
const notPropagated = (err: unknown) =>
  /assume/i.test(toFailure(err).message) && /InvalidRequest|AccessDenied|BadRequest/i.test(toFailure(err).code);

/**
 * The batch role, then CreateJob. First a read-only probe (ListJobs): an endpoint without S3 Batch
 * Operations (the emulator) is reported before anything is written, so "nothing was created" is true.
 */
export async function createReplicationJob(plan: Plan, clients: BatchClients, opts: BatchOptions = {}): Promise<CreateJobResult> {
  const b = plan.batch;
  if (!b) throw new Error("The plan has no Batch Replication job: turn on the existing-objects step first.");
  try {
    await clients.s3control.send(new ListJobsCommand({ AccountId: b.accountId, MaxResults: 1 }));
  } catch (err) {
    if (isUnsupported(err)) return { kind: "unsupported", message: UNSUPPORTED_MESSAGE };
    // Anything else (e.g. no s3:ListJobs permission) says nothing about CreateJob: carry on.
  }
  let roleWrites: string[] = [];
  try {
    roleWrites = await ensureBatchRole(b, clients.iam, opts);
  } catch (err) {
    const f = toFailure(err);
    return { kind: "failed", step: "role", code: f.code, message: f.message, requestId: f.requestId, roleWrites };
  }
  const backoff = opts.backoff ?? defaultBackoff;
  const emit = emitter(b, opts);
  let jobId = "";
  let requestId: string | undefined;
  for (let attempt = 1; ; attempt++) {
    try {
      await emit("CreateJob", b.accountId, null, b.request, async () => {
        const out = await clients.s3control.send(new CreateJobCommand(b.request as unknown as CreateJobCommandInput));
        jobId = out.JobId ?? "";
        requestId = out.$metadata?.requestId;
        return out;
      });
      return { kind: "created", jobId, roleArn: b.roleArn, requestId, roleWrites };
    } catch (err) {
      if (isUnsupported(err)) {
        return {
          kind: "unsupported",
          message: `This endpoint does not support S3 Batch Operations CreateJob; no job was created. Batch role: ${roleWrites.join("; ") || "already in place"}.`,
        };
      }
      const retry = roleWrites.length > 0 && notPropagated(err) && attempt < backoff.maxAttempts.propagation;
      if (!retry) {
        const f = toFailure(err);
        return { kind: "failed", step: "create-job", code: f.code, message: f.message, requestId: f.requestId, roleWrites };
      }
      opts.onNote?.(`S3 Batch Operations cannot assume ${b.roleName} yet (IAM propagation); retry ${attempt + 1}`);
      await backoff.sleep(backoff.delayMs(attempt, "propagation"));
    }
  }
}

export type JobView = {
  jobId: string;
  /** New, Preparing, Suspended, Ready, Active, Pausing, Paused, Complete, Cancelling, Cancelled, Failing, Failed. */
  status: string;
  done: boolean;
  progress: { total: number | null; succeeded: number; failed: number; percent: number | null };
  failureReasons: string[];
  statusUpdateReason?: string;
  createdAt?: string;
  terminatedAt?: string;
  /** s3:// location of the completion report (written when the job ends), or null when reports are off. */
  reportUri: string | null;
  manifestUri?: string;
};

const s3Uri = (arnOrName: string, ...parts: string[]) =>
  `s3://${[arnOrName.replace(/^arn:[^:]+:s3:::/, ""), ...parts.filter(Boolean)].join("/")}`;

/** One DescribeJob, in our words: status, progress counts, failure reasons and where the report goes. */
export async function describeJob(s3control: S3ControlClient, accountId: string, jobId: string): Promise<JobView> {
  const { Job: job } = await s3control.send(new DescribeJobCommand({ AccountId: accountId, JobId: jobId }));
  const p = job?.ProgressSummary;
  const total = p?.TotalNumberOfTasks ?? null;
  const succeeded = p?.NumberOfTasksSucceeded ?? 0;
  const failed = p?.NumberOfTasksFailed ?? 0;
  const status = job?.Status ?? "Unknown";
  const report = job?.Report;
  const manifest = job?.GeneratedManifestDescriptor?.Location?.ObjectArn;
  return {
    jobId,
    status,
    done: ["Complete", "Failed", "Cancelled"].includes(status),
    progress: { total, succeeded, failed, percent: total ? Math.floor(((succeeded + failed) * 100) / total) : null },
    failureReasons: (job?.FailureReasons ?? []).map((r) => [r.FailureCode, r.FailureReason].filter(Boolean).join(": ")),
    ...(job?.StatusUpdateReason ? { statusUpdateReason: job.StatusUpdateReason } : {}),
    ...(job?.CreationTime ? { createdAt: job.CreationTime.toISOString() } : {}),
    ...(job?.TerminationDate ? { terminatedAt: job.TerminationDate.toISOString() } : {}),
    // S3 writes reports under PREFIX/job-<id>/results/ (https://docs.aws.amazon.com/AmazonS3/latest/userguide/batch-ops-job-status.html).
    reportUri: report?.Enabled && report.Bucket ? `${s3Uri(report.Bucket, report.Prefix ?? "", `job-${jobId}`, "results")}/` : null,
    ...(manifest ? { manifestUri: s3Uri(manifest) } : {}),
  };
}
