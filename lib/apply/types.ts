import "server-only";
// What an apply run looks like from outside: the Apply page polls RunSnapshot; the audit log (later)
// subscribes to ApplyEvent. Plain serializable data, no SDK types, never credentials.
import type { WriteEvent } from "@/lib/aws/execute";
import type { AccountSide, ChangeAction, ChangeId, ChangeKind } from "@/lib/plan/types";

/** no-op: already as planned. handover: the account is plan-only. blocked: waits on a handed-over change. */
export type SkipReason = "no-op" | "handover" | "blocked";
export type ChangeState = "waiting" | "running" | "done" | "failed" | "skipped";

export type ChangeRun = {
  id: ChangeId;
  account: AccountSide;
  accountId: string;
  action: ChangeAction;
  target: string;
  kind: ChangeKind;
  description: string;
  irreversible: boolean;
  state: ChangeState;
  skipReason?: SkipReason;
  /** Plain-words status: "Already as planned", retry notes, IAM propagation wait. */
  note?: string;
  /** AWS request ID of every write call made for this change (retries included). */
  requestIds: string[];
  error?: { code: string; message: string; requestId?: string };
  /** Written by an earlier run that this run resumes. */
  appliedEarlier?: boolean;
};

export type RunStatus = "running" | "succeeded" | "nothing-to-change" | "partial" | "failed" | "refused";

export type RunFailure = {
  changeId: ChangeId;
  step: string;
  code: string;
  message: string;
  requestId?: string;
  /** Every change already written (this run and the runs it resumes); nothing is rolled back. */
  alreadyChanged: { id: ChangeId; description: string; requestIds: string[] }[];
};

export type Handover = {
  account: AccountSide;
  accountId: string;
  message: string;
  /** The other account's changes, and ours that wait for them. */
  handedOver: ChangeId[];
  blocked: ChangeId[];
  files: { name: string; mime: string; content: string }[];
};

export type RunSnapshot = {
  runId: string;
  status: RunStatus;
  /** One sentence for the aria-live region. */
  message: string;
  startedAt: string;
  finishedAt?: string;
  actor?: string;
  /** The fingerprint the user approved, and the one re-planning produced. */
  fingerprint: string;
  planFingerprint?: string;
  resumeOf?: string;
  changes: ChangeRun[];
  refusal?: { reason: string; details: string[] };
  failure?: RunFailure;
  handover?: Handover;
  writeCalls: number;
};

export type ApplyEvent = WriteEvent & { runId: string; actor?: string };
