import "server-only";
// Plan records <-> rows of plans, plan_history and plan_comments.
import { isManyPlan } from "../plan/onboard/many-plan";
import type { Plan } from "../plan/types";
import type { WizardInput } from "../schema/wizard";
import type { Actor, ActorSource, HistoryEntry, PlanComment, PlanRecord, PlanStatus, RunInfo } from "./types";

export type PlanRow = {
  id: string;
  version: number;
  status: PlanStatus;
  input_json: string;
  plan_json: string;
  fingerprint: string;
  author_name: string;
  author_source: ActorSource;
  source_bucket: string;
  destination_bucket: string;
  /** How many source buckets the plan onboards (several for a plan of many sources). */
  source_count: number;
  approved_fingerprint: string | null;
  approved_by_name: string | null;
  approved_by_source: ActorSource | null;
  approved_at: string | null;
  approval_comment: string | null;
  run_json: string | null;
  created_at: string;
  updated_at: string;
};

export type HistoryRow = {
  id: number;
  plan_id: string;
  at: string;
  actor_name: string;
  actor_source: ActorSource;
  from_status: PlanStatus | null;
  to_status: PlanStatus;
  event: string;
  comment: string | null;
  fingerprint: string;
  run_id: string | null;
};

export type CommentRow = { id: number; plan_id: string; at: string; actor_name: string; actor_source: ActorSource; text: string };

type RowSource = Pick<
  PlanRecord,
  "id" | "status" | "input" | "plan" | "fingerprint" | "author" | "createdAt" | "updatedAt" | "approval" | "run"
>;

export function planRow(r: RowSource): Omit<PlanRow, "version"> {
  return {
    id: r.id,
    status: r.status,
    input_json: JSON.stringify(r.input),
    plan_json: JSON.stringify(r.plan),
    fingerprint: r.fingerprint,
    author_name: r.author.name,
    author_source: r.author.source,
    source_bucket: r.input.accounts.source.bucket,
    destination_bucket: r.input.accounts.destination.bucket,
    source_count: isManyPlan(r.plan) ? r.plan.many.inputs.length : 1,
    approved_fingerprint: r.approval?.fingerprint ?? null,
    approved_by_name: r.approval?.by.name ?? null,
    approved_by_source: r.approval?.by.source ?? null,
    approved_at: r.approval?.at ?? null,
    approval_comment: r.approval?.comment ?? null,
    run_json: r.run ? JSON.stringify(r.run) : null,
    created_at: r.createdAt,
    updated_at: r.updatedAt,
  };
}

const actor = (name: string, source: ActorSource): Actor => ({ name, source });

export function historyRow(planId: string, h: HistoryEntry) {
  return {
    plan_id: planId,
    at: h.at,
    actor_name: h.actor.name,
    actor_source: h.actor.source,
    from_status: h.from,
    to_status: h.to,
    event: h.event,
    comment: h.comment,
    fingerprint: h.fingerprint,
    run_id: h.runId,
  };
}

export function rowsToRecord(row: PlanRow, history: HistoryRow[], comments: CommentRow[]): PlanRecord {
  return {
    id: row.id,
    version: row.version,
    status: row.status,
    input: JSON.parse(row.input_json) as WizardInput,
    plan: JSON.parse(row.plan_json) as Plan,
    fingerprint: row.fingerprint,
    author: actor(row.author_name, row.author_source),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    approval:
      row.approved_fingerprint !== null && row.approved_by_name !== null
        ? {
            fingerprint: row.approved_fingerprint,
            by: actor(row.approved_by_name, row.approved_by_source ?? "local"),
            at: row.approved_at ?? row.updated_at,
            comment: row.approval_comment,
          }
        : null,
    run: row.run_json ? (JSON.parse(row.run_json) as RunInfo) : null,
    history: history.map((h) => ({
      at: h.at,
      actor: actor(h.actor_name, h.actor_source),
      from: h.from_status,
      to: h.to_status,
      event: h.event,
      comment: h.comment,
      fingerprint: h.fingerprint,
      runId: h.run_id,
    })),
    comments: comments.map((c): PlanComment => ({ id: c.id, at: c.at, actor: actor(c.actor_name, c.actor_source), text: c.text })),
  };
}
