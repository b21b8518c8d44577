"use server";
// Verify with a canary. Public endpoints, each through serverAction (lib/http/action.ts): the wizard's
// schema and the canary reference's own, who is acting, allowed accounts; the upload is an AWS write
// (apply permission, approval when required, audited under the actor). The server holds the
// credentials and the clock.
import { z } from "zod";
import {
  type CanaryCheck,
  type CanaryTarget,
  CANARY_FOLDER,
  checkCanary,
  type RetentionNotice,
  retentionNotice,
  uploadCanary,
} from "@/lib/aws/canary";
import { toFailure } from "@/lib/aws/errors";
import { env } from "@/lib/env";
import { serverAction } from "@/lib/http/action";
import { inputApproval } from "@/lib/people/approval";
import type { FieldErrors } from "@/lib/schema/errors";
import { strictObject } from "@/lib/schema/strict";
import { type WizardInput, wizardInput } from "@/lib/schema/wizard";
import { MAX_WAIT_SECONDS, MIN_WAIT_SECONDS } from "./limits";
import { auditSink, destroy, sandboxFailureEvent, sideClientsFor, type WriteSummary } from "./server";

type Invalid = { ok: false; fieldErrors: FieldErrors } | { ok: false; message: string };
export type PreflightResult = { ok: true; notice: RetentionNotice; source: boolean; destination: boolean; sandbox: boolean } | Invalid;
export type UploadResult =
  { ok: true; target: CanaryTarget; writes: WriteSummary[]; auditNote?: string } | (Invalid & { writes?: WriteSummary[] });
export type PollResult = { ok: true; check: CanaryCheck } | Invalid;

const accounts = (input: WizardInput, prefix = "accounts.") => ({ accounts: input.accounts, prefix });

/** The vault's default retention, read before anything is uploaded, so the warning comes first. */
export const canaryPreflight = serverAction({
  name: "canaryPreflight",
  input: wizardInput,
  permission: "read",
  accounts: (input) => accounts(input),
  run: async (input): Promise<PreflightResult> => {
    const p = { input };
    const destination = sideClientsFor(p.input, "destination", "verify");
    try {
      const notice = await retentionNotice(p.input, destination?.s3, new Date());
      const source = sideClientsFor(p.input, "source", "verify") !== undefined;
      return { ok: true, notice, source, destination: destination !== undefined, sandbox: env().sandbox };
    } finally {
      destroy(destination);
    }
  },
});

const uploadRequest = strictObject({ input: wizardInput, acknowledged: z.boolean() });

export const uploadCanaryObject = serverAction({
  name: "uploadCanaryObject",
  input: uploadRequest,
  permission: "apply",
  accounts: (r) => accounts(r.input, "input.accounts."),
  approval: (r, { actor }) => inputApproval(r.input, actor, "uploading a canary object"),
  run: async (request, { actor }): Promise<UploadResult> => {
    const p = { input: request.input };
    const clients = sideClientsFor(p.input, "source", "verify");
    if (!clients) return { ok: false, message: "The source account is plan-only: Lockbridge cannot upload a canary there." };
    const destination = sideClientsFor(p.input, "destination", "verify");
    const audit = auditSink(actor.name);
    try {
      const { retention } = await retentionNotice(p.input, destination?.s3, new Date());
      // The replica of a canary under default retention cannot be deleted early: never upload unacknowledged.
      if (retention && request.acknowledged !== true)
        return { ok: false, message: "Confirm that you understand the canary's replica will be locked before uploading." };
      const target = await uploadCanary(p.input, clients.s3, { retention, onWrite: audit.onWrite });
      return { ok: true, target, ...(await audit.flush(p.input.accounts.source.region)) };
    } catch (err) {
      const f = toFailure(err);
      const { writes } = await audit.flush(p.input.accounts.source.region);
      return { ok: false, message: `The canary could not be uploaded: ${f.code}: ${f.message}`, writes };
    } finally {
      destroy(clients, destination);
    }
  },
});

const target = strictObject({
  bucket: z.string().max(63, "Not a bucket name."),
  key: z
    .string()
    .min(1)
    .max(1024)
    .refine((k) => k.includes(CANARY_FOLDER), "Not a canary key."),
  versionId: z.string().max(1024).optional(),
  uploadedAt: z.iso.datetime(),
  retainUntilAtLeast: z.iso.datetime().nullable(),
});
const pollRequest = strictObject({ input: wizardInput, target, waitSeconds: z.number().int().min(MIN_WAIT_SECONDS).max(MAX_WAIT_SECONDS) });

/** One check = one HeadObject on the source (plus the replica read once it says COMPLETED). */
export const pollCanary = serverAction({
  name: "pollCanary",
  input: pollRequest,
  permission: "read",
  accounts: (r) => accounts(r.input, "input.accounts."),
  run: async (data): Promise<PollResult> => {
    const request = { data };
    const p = { input: data.input };
    if (request.data.target.bucket !== p.input.accounts.source.bucket)
      return { ok: false, message: "This canary is not in the source bucket." };
    const source = sideClientsFor(p.input, "source", "verify");
    if (!source) return { ok: false, message: "The source account is plan-only." };
    const destination = sideClientsFor(p.input, "destination", "verify");
    try {
      const check = await checkCanary(p.input, { source: source.s3, destination: destination?.s3 }, request.data.target, {
        timeoutMs: request.data.waitSeconds * 1000,
        sandbox: env().sandbox,
      });
      const { sandbox, endpoint } = env();
      if (check.state === "failed" && sandbox && endpoint) {
        // The sandbox engine knows which request S3 would have been refused: name it before the generic list.
        const event = await sandboxFailureEvent(endpoint, request.data.target);
        if (event) {
          return {
            ok: true,
            check: {
              ...check,
              message: `Replication FAILED for the canary (${event.code}): ${event.reason}`,
              reasons: [
                `S3 failure reason ${event.code}, from the sandbox's replication failure event. What each reason usually means:`,
                ...check.reasons,
              ],
            },
          };
        }
      }
      return { ok: true, check };
    } catch (err) {
      const f = toFailure(err);
      return { ok: false, message: `Could not read the canary: ${f.code}: ${f.message}` };
    } finally {
      destroy(source, destination);
    }
  },
});
