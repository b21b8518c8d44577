"use server";
// Existing objects: create the S3 Batch Replication job and read its status. Public endpoints, each
// through serverAction (lib/http/action.ts): the input is re-validated, the actor resolved; creating the
// job is an AWS write (apply permission, approval when required, audited under the actor). Like Apply,
// it first checks that the credentials act in the account typed. The plan (batch role documents,
// CreateJob request) is rebuilt on the server from the live state, exactly as Review builds it; nothing
// from the client is sent to AWS as a document.
import { z } from "zod";
import { createReplicationJob, describeJob, isUnsupported, type JobView, s3ControlFor, UNSUPPORTED_MESSAGE } from "@/lib/aws/batch";
import { accessOf } from "@/lib/aws/connect";
import { discover } from "@/lib/aws/discover";
import { toFailure } from "@/lib/aws/errors";
import { identityProblems } from "@/lib/aws/identity";
import { serverAction } from "@/lib/http/action";
import { inputApproval } from "@/lib/people/approval";
import { buildPlan, found } from "@/lib/plan";
import type { FieldErrors } from "@/lib/schema/errors";
import { strictObject } from "@/lib/schema/strict";
import { wizardInput } from "@/lib/schema/wizard";
import { auditSink, destroy, sideClientsFor, type WriteSummary } from "../verify/server";

type Invalid = { ok: false; fieldErrors: FieldErrors } | { ok: false; message: string };
export type CreateBatchJobResult =
  | { ok: true; outcome: "created"; jobId: string; reportUri: string; roleWrites: string[]; writes: WriteSummary[]; auditNote?: string }
  | { ok: true; outcome: "unsupported"; message: string; writes: WriteSummary[] }
  | { ok: true; outcome: "failed"; message: string; writes: WriteSummary[]; auditNote?: string }
  | Invalid;
export type BatchJobStatusResult = { ok: true; job: JobView } | Invalid;

export const createBatchJob = serverAction({
  name: "createBatchJob",
  input: wizardInput,
  permission: "apply",
  accounts: (input) => ({ accounts: input.accounts, prefix: "accounts." }),
  approval: (input, { actor }) => inputApproval(input, actor, "creating a batch job"),
  run: async (input, { actor }): Promise<CreateBatchJobResult> => {
    if (!input.existingObjects.enabled) return { ok: false, message: "Turn on “Replicate existing objects” first." };
    const access = accessOf(input.accounts.source);
    const clients = sideClientsFor(input, "source", "batch");
    if (!access || !clients)
      return { ok: false, message: "The source account is plan-only: run the job from the exported CLI script instead." };
    const s3control = s3ControlFor(access, input.accounts.source.region);
    const audit = auditSink(actor.name);
    try {
      // As Apply does: the role (or the server's credentials) must act in the account typed, or the
      // job's role and the job itself would be created somewhere else.
      const identity = await identityProblems(input, { source: clients });
      if (identity.length > 0)
        return { ok: false, message: `Nothing was created: the credentials do not act in the accounts you typed. ${identity.join(" ")}` };
      const observed = await discover(input);
      // Batch Replication replicates with the bucket's own rules: without a configuration there is nothing to run.
      const replication = found(observed.source)?.replication;
      if (replication?.status === "absent") {
        return {
          ok: false,
          message: `${input.accounts.source.bucket} has no replication configuration yet: apply the plan first, then create the job.`,
        };
      }
      const plan = buildPlan(input, observed);
      const r = await createReplicationJob(plan, { iam: clients.iam, s3control }, { onWrite: audit.onWrite });
      const flushed = await audit.flush(input.accounts.source.region);
      if (r.kind === "unsupported") return { ok: true, outcome: "unsupported", message: r.message, writes: flushed.writes };
      if (r.kind === "failed") {
        const step = r.step === "role" ? "Preparing the batch role" : "CreateJob";
        const changed = r.roleWrites.length > 0 ? ` Already changed: ${r.roleWrites.join("; ")}.` : " Nothing was changed.";
        return {
          ok: true,
          outcome: "failed",
          message: `${step} failed: ${r.code}: ${r.message}${r.requestId ? ` (request ID ${r.requestId})` : ""}.${changed}`,
          ...flushed,
        };
      }
      return {
        ok: true,
        outcome: "created",
        jobId: r.jobId,
        reportUri: plan.batch!.report.uri.replace("<JobId>", r.jobId),
        roleWrites: r.roleWrites,
        ...flushed,
      };
    } catch (err) {
      const f = toFailure(err);
      return { ok: false, message: `Could not create the job: ${f.code}: ${f.message}` };
    } finally {
      destroy(clients);
      s3control.destroy();
    }
  },
});

const statusRequest = strictObject({ input: wizardInput, jobId: z.string().regex(/^[\w-]{1,64}$/, "Not a job ID.") });

/** One DescribeJob in the source account. */
export const batchJobStatus = serverAction({
  name: "batchJobStatus",
  input: statusRequest,
  permission: "read",
  accounts: (r) => ({ accounts: r.input.accounts, prefix: "input.accounts." }),
  run: async (data): Promise<BatchJobStatusResult> => {
    const request = { data };
    const { source } = data.input.accounts;
    const access = accessOf(source);
    if (!access) return { ok: false, message: "The source account is plan-only." };
    const s3control = s3ControlFor(access, source.region);
    try {
      return { ok: true, job: await describeJob(s3control, source.accountId, request.data.jobId) };
    } catch (err) {
      if (isUnsupported(err)) return { ok: false, message: UNSUPPORTED_MESSAGE.replace("; nothing was created.", ".") };
      const f = toFailure(err);
      return { ok: false, message: `DescribeJob failed: ${f.code}: ${f.message}` };
    } finally {
      s3control.destroy();
    }
  },
});
