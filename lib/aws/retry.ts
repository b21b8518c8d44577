import "server-only";
// When a write may be retried, and how long to wait. The SDK's standard retry already backs off on
// throttling inside each call; this layer adds retries across calls for throttling that outlasts it and
// for the two eventual-consistency errors AWS documents for this setup:
// - "Invalid principal in policy" (S3 MalformedPolicy / KMS MalformedPolicyDocumentException) right after
//   CreateRole: S3 and KMS validate principals against IAM, which takes seconds to propagate.
// - "Versioning must be 'Enabled'" (InvalidBucketState / InvalidRequest) right after PutBucketVersioning.
// "Invalid principal" is NOT propagation when the document names an orphaned principal (the unique ID
// AWS shows for a deleted role or user, AROA…/AIDA…): that principal will never appear, so retrying only
// delays the real error.
import { isObject, statementsOf, stringList } from "@/lib/plan/canonical";
import { UNIQUE_ID } from "@/lib/plan/merge";
import type { ChangeAction, Json } from "@/lib/plan/types";
import { toFailure } from "./errors";

export type RetryReason = "throttling" | "propagation";

export type Backoff = {
  /** Wait before retry number `retry` (1-based). */
  delayMs: (retry: number, reason: RetryReason) => number;
  sleep: (ms: number) => Promise<void>;
  /** Total attempts per reason, first attempt included. */
  maxAttempts: Record<RetryReason, number>;
};

/** ~1 minute for propagation (1+2+4+8+15+15+15 s), ~10 s for throttling; tests inject a zero backoff. */
export const defaultBackoff: Backoff = {
  delayMs: (retry, reason) => (reason === "propagation" ? Math.min(1000 * 2 ** (retry - 1), 15_000) : Math.min(250 * 2 ** retry, 5_000)),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  maxAttempts: { throttling: 5, propagation: 8 },
};

export const instantBackoff: Backoff = { ...defaultBackoff, delayMs: () => 0, sleep: async () => undefined };

const THROTTLING =
  /^(Throttling|ThrottlingException|ThrottledException|TooManyRequestsException|RequestLimitExceeded|SlowDown|RequestThrottled)$/;

/** Orphaned principals (unique IDs) anywhere in a policy document about to be sent. */
export function orphanedIn(doc: Json | null | undefined): string[] {
  return statementsOf(doc).flatMap((st) => {
    if (!isObject(st)) return [];
    const p = isObject(st.Principal) ? st.Principal : isObject(st.NotPrincipal) ? st.NotPrincipal : null;
    return p ? stringList(p.AWS).filter((v) => UNIQUE_ID.test(v)) : [];
  });
}

export function retryReason(action: ChangeAction, err: unknown, sent?: Json | null): RetryReason | undefined {
  const f = toFailure(err);
  // KMS reports its request-rate quota as LimitExceededException; for IAM the same code is a hard quota.
  if (THROTTLING.test(f.code) || f.httpStatus === 429 || (action === "PutKeyPolicy" && f.code === "LimitExceededException"))
    return "throttling";
  if ((action === "PutBucketPolicy" || action === "PutKeyPolicy") && /invalid principal/i.test(f.message))
    return orphanedIn(sent).length > 0 ? undefined : "propagation";
  if ((action === "PutObjectLockConfiguration" || action === "PutBucketReplication") && /versioning must be 'enabled'/i.test(f.message))
    return "propagation";
  return undefined;
}

/** Runs `attempt` until it succeeds, fails for a non-retryable reason, or the reason's budget is spent. */
export async function withRetry<T>(
  action: ChangeAction,
  attempt: () => Promise<T>,
  backoff: Backoff,
  onRetry?: (note: string) => void,
  sent?: Json | null,
): Promise<T> {
  const used: Record<RetryReason, number> = { throttling: 1, propagation: 1 };
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      const reason = retryReason(action, err, sent);
      if (!reason || used[reason] >= backoff.maxAttempts[reason]) throw err;
      const ms = backoff.delayMs(used[reason], reason);
      used[reason] += 1;
      const f = toFailure(err);
      onRetry?.(
        `${reason === "throttling" ? "Throttled" : "Not propagated yet"} (${f.code}: ${f.message}); retry ${used[reason]}/${backoff.maxAttempts[reason]} in ${ms} ms`,
      );
      await backoff.sleep(ms);
    }
  }
}
