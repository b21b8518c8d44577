import "server-only";
// The store's data model and the two interfaces the rest of the app depends on. SqliteStore
// implements both; a shared database (PostgreSQL) can replace it by implementing the same
// interfaces: every method is async and every state change is a compare-and-set on `version`.
import type { AccountSide, ChangeId, Json, Plan } from "../plan/types";
import type { WizardInput } from "../schema/wizard";

export type ActorSource = "local" | "proxy-header";
/** Who is acting (lib/people resolves it from the request). */
export type Actor = { name: string; source: ActorSource };

export type PlanStatus = "draft" | "submitted" | "approved" | "rejected" | "applying" | "applied" | "failed";
export const PLAN_STATUSES: readonly PlanStatus[] = ["draft", "submitted", "approved", "rejected", "applying", "applied", "failed"];

export type HistoryEntry = {
  at: string;
  actor: Actor;
  from: PlanStatus | null;
  to: PlanStatus;
  /** What happened, e.g. "created", "edited", "submitted", "approved", "claimed for apply". */
  event: string;
  comment: string | null;
  /** The plan fingerprint at the time of the event (approval binds to it). */
  fingerprint: string;
  runId: string | null;
};

export type PlanComment = { id: number; at: string; actor: Actor; text: string };

export type Approval = { fingerprint: string; by: Actor; at: string; comment: string | null };

export type RunInfo = {
  runId: string;
  by: Actor;
  startedAt: string;
  finishedAt: string | null;
  /** Set by markFailed: the step and AWS error, for the page and the retry. */
  error: { changeId?: string; code?: string; message: string } | null;
};

export type PlanRecord = {
  id: string;
  /** Incremented on every write; the compare-and-set token. */
  version: number;
  status: PlanStatus;
  input: WizardInput;
  plan: Plan;
  /** plan.fingerprint at the last edit. */
  fingerprint: string;
  author: Actor;
  createdAt: string;
  updatedAt: string;
  /** Present only while status is approved, applying, applied or failed. */
  approval: Approval | null;
  /** The current or last apply run. */
  run: RunInfo | null;
  history: HistoryEntry[];
  comments: PlanComment[];
};

export type PlanSummary = Pick<PlanRecord, "id" | "version" | "status" | "fingerprint" | "author" | "createdAt" | "updatedAt"> & {
  sourceBucket: string;
  destinationBucket: string;
  /** Source buckets in the plan: 1, or several for a plan that onboards many sources into one vault. */
  sourceCount: number;
};

export type NewPlanRecord = Pick<PlanRecord, "id" | "status" | "input" | "plan" | "fingerprint" | "author" | "createdAt"> & {
  /** The creation entry. */
  history: HistoryEntry;
};

/** A compare-and-set: applied only when the record still has `expect.status` and `expect.version`. */
export type PlanTransition = {
  expect: { status: PlanStatus; version: number; approvedFingerprint?: string };
  /** Fields to change; every other field keeps its value. */
  set: Partial<Pick<PlanRecord, "status" | "input" | "plan" | "fingerprint" | "approval" | "run">>;
  history: HistoryEntry;
};

export type PlanListFilter = { status?: PlanStatus | PlanStatus[]; author?: string; limit?: number; offset?: number };

export interface PlanStore {
  createPlan(record: NewPlanRecord): Promise<PlanRecord>;
  getPlan(id: string): Promise<PlanRecord | null>;
  listPlans(filter?: PlanListFilter): Promise<{ plans: PlanSummary[]; total: number }>;
  /** Returns the updated record, or null when another writer changed the plan first (nothing written). */
  transitionPlan(id: string, t: PlanTransition): Promise<PlanRecord | null>;
  addComment(id: string, actor: Actor, text: string, at: string): Promise<PlanComment>;
}

export type AuditResult = "ok" | "failed";

/** One AWS write call, as the apply engine reports it. Never credentials: the store scrubs every field. */
export type AuditEntryInput = {
  at?: string;
  actor: string;
  planId: string | null;
  runId: string | null;
  changeId?: ChangeId | null;
  account: AccountSide;
  accountId: string;
  region?: string | null;
  /** The API called, e.g. PutBucketPolicy. */
  api: string;
  /** Bucket name, role name or key ARN. */
  target: string;
  requestId?: string | null;
  result: AuditResult;
  errorCode?: string | null;
  errorMessage?: string | null;
  before: Json | null;
  after: Json | null;
};

export type AuditEntry = Required<AuditEntryInput> & {
  /** Monotonic sequence number (the order of writes). */
  seq: number;
  /** JSON paths the scrubber removed or redacted; empty when nothing looked like a secret. */
  scrubbed: string[];
};

export type AuditFilter = {
  planId?: string;
  runId?: string;
  accountId?: string;
  account?: AccountSide;
  api?: string;
  actor?: string;
  result?: AuditResult;
  /** Inclusive ISO-8601 bounds. */
  from?: string;
  to?: string;
  /** Case-insensitive substring of the target. */
  text?: string;
};

export type AuditPage = { entries: AuditEntry[]; total: number; nextCursor: number | null };

export interface AuditStore {
  appendAudit(entry: AuditEntryInput): Promise<AuditEntry>;
  /** Newest first by default; `cursor` is the seq to continue after (from nextCursor). */
  listAudit(filter?: AuditFilter, page?: { limit?: number; cursor?: number; order?: "asc" | "desc" }): Promise<AuditPage>;
  /** Oldest first, one JSON object per line (JSON Lines), streamed without loading everything. */
  exportAuditJsonl(filter?: AuditFilter): AsyncIterable<string>;
}

/** One apply run as stored (lib/apply/runs.ts owns the JSON shapes). */
export type RunRow = {
  run_id: string;
  plan_id: string | null;
  status: string;
  actor: string | null;
  snapshot_json: string;
  baseline_json: string | null;
  touched_json: string;
  written_json: string;
  started_at: string;
  updated_at: string;
};

/** Apply runs, written synchronously so that a run is recorded before each write it sends. */
export interface RunStore {
  saveRun(row: RunRow): void;
  getRun(runId: string): RunRow | null;
  runsWithStatus(status: string): RunRow[];
}
