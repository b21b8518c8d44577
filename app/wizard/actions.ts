"use server";
// Server actions are public endpoints: each goes through serverAction (lib/http/action.ts): the wizard's
// own schema, who is acting, the allowed accounts; then lib, returning plain data.
// The browser sends only the input; everything read comes from AWS with the server's credentials, and
// what goes back is documents and states, never credentials.
import { discover } from "@/lib/aws/discover";
import { serverAction } from "@/lib/http/action";
import type { ObservedState } from "@/lib/plan";
import type { PreflightResult } from "@/lib/plan/diagnostics";
import { liveReview } from "@/lib/workflow";
import type { FieldErrors } from "@/lib/schema/errors";
import { wizardInput } from "@/lib/schema/wizard";

export type LiveStateResult =
  { ok: true; observed: ObservedState; readAt: string } | { ok: false; fieldErrors: FieldErrors } | { ok: false; message: string };

const accounts = (input: { accounts: Parameters<typeof discover>[0]["accounts"] }) => ({ accounts: input.accounts, prefix: "accounts." });

export const readLiveState = serverAction({
  name: "readLiveState",
  input: wizardInput,
  permission: "read",
  accounts,
  run: async (input): Promise<LiveStateResult> => {
    try {
      return { ok: true, observed: await discover(input), readAt: new Date().toISOString() };
    } catch (err) {
      // discover reports per-read failures inside ObservedState; reaching here means no account could be
      // reached at all (e.g. the role can no longer be assumed). Only the message goes back.
      return { ok: false, message: `Could not read the live state: ${err instanceof Error ? err.message : String(err)}` };
    }
  },
});

export type DiagnosticsResult =
  { ok: true; preflight: PreflightResult; fingerprint: string; observed: ObservedState; readAt: string } | { ok: false; message: string };

/** Preflight checks and the permission simulation for the live state, run on the server (the IAM
 *  simulator stays out of the browser bundle). Plan-only accounts are reported as not checked. The live
 *  state it read comes back too, so Review reads both accounts once per visit, not once for the preview
 *  and again for the diagnostics. */
export const runDiagnostics = serverAction({
  name: "runDiagnostics",
  input: wizardInput,
  permission: "read",
  accounts,
  run: async (input): Promise<DiagnosticsResult> => {
    try {
      const { plan, preflight, observed } = await liveReview(input);
      return { ok: true, preflight, fingerprint: plan.fingerprint, observed, readAt: new Date().toISOString() };
    } catch (err) {
      return { ok: false, message: `Could not run the diagnostics: ${err instanceof Error ? err.message : String(err)}` };
    }
  },
});
