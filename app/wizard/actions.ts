"use server";
// Server actions are public endpoints: parse with the wizard's own schema, call lib, return plain data.
// The browser sends only the input; everything read comes from AWS with the server's credentials, and
// what goes back is documents and states, never credentials.
import { discover } from "@/lib/aws/discover";
import type { ObservedState } from "@/lib/plan";
import type { PreflightResult } from "@/lib/plan/diagnostics";
import { liveReview } from "@/lib/workflow";
import { type FieldErrors, fieldErrorsOf } from "@/lib/schema/errors";
import { wizardInput } from "@/lib/schema/wizard";

export type LiveStateResult =
  | { ok: true; observed: ObservedState; readAt: string }
  | { ok: false; fieldErrors: FieldErrors }
  | { ok: false; message: string };

export async function readLiveState(raw: unknown): Promise<LiveStateResult> {
  const parsed = wizardInput.safeParse(raw);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error) };
  try {
    return { ok: true, observed: await discover(parsed.data), readAt: new Date().toISOString() };
  } catch (err) {
    // discover reports per-read failures inside ObservedState; reaching here means no account could be
    // reached at all (e.g. the role can no longer be assumed). Only the message goes back.
    return { ok: false, message: `Could not read the live state: ${err instanceof Error ? err.message : String(err)}` };
  }
}

export type DiagnosticsResult = { ok: true; preflight: PreflightResult; fingerprint: string } | { ok: false; message: string };

/** Preflight checks and the permission simulation for the live state, run on the server (the IAM
 *  simulator stays out of the browser bundle). Plan-only accounts are reported as not checked. */
export async function runDiagnostics(raw: unknown): Promise<DiagnosticsResult> {
  const parsed = wizardInput.safeParse(raw);
  if (!parsed.success) return { ok: false, message: "Complete the steps first: the input is not valid yet." };
  try {
    const { plan, preflight } = await liveReview(parsed.data);
    return { ok: true, preflight, fingerprint: plan.fingerprint };
  } catch (err) {
    return { ok: false, message: `Could not run the diagnostics: ${err instanceof Error ? err.message : String(err)}` };
  }
}
