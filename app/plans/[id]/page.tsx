// One saved plan at its stable address: status, review actions, apply, the same review view as the
// wizard (problems, API calls, documents with diffs), diagnostics for the live state, history, comments.
import Link from "next/link";
import { notFound } from "next/navigation";
import { ChangeList } from "@/components/change-list";
import { HistoryList } from "@/components/history-list";
import { PlanPreview } from "@/components/plan-preview";
import { PlanProblems } from "@/components/plan-problems";
import { PlanStatus } from "@/components/plan-status";
import { formatTime } from "@/components/time";
import { env } from "@/lib/env";
import { pageAccess } from "@/lib/http/page";
import { isManyPlan, isRollbackPlan } from "@/lib/workflow";
import { plans } from "@/lib/store";
import { ApplyPanel } from "../_components/apply-panel";
import { LiveCheck } from "../_components/live-check";
import { ManyLiveCheck } from "../_components/many-live-check";
import { ManyPlanView } from "../_components/many-plan-view";
import { PlanActions } from "../_components/plan-actions";
import { RollbackView } from "../_components/rollback-view";
import { openRollbackOf, rollbackRefs } from "../_components/rollbacks";
import styles from "../_components/plans.module.css";

export const metadata = { title: "Plan · Lockbridge" };

export default async function PlanPage({ params }: { params: Promise<{ id: string }> }) {
  const access = await pageAccess();
  if (!access.ok)
    return (
      <p role="alert" className="notice notice-error">
        {access.message}
      </p>
    );
  const { id } = await params;
  const rec = /^[A-Za-z0-9_-]{10,64}$/.test(id) ? await plans().get(id) : null;
  if (!rec) notFound();
  const me = access.actor?.name ?? null;
  const { source, destination } = rec.input.accounts;
  const rollback = isRollbackPlan(rec.plan) ? rec.plan : undefined;
  const many = isManyPlan(rec.plan) ? rec.plan : undefined;
  const refs = rollback ? [] : await rollbackRefs();
  const rolledBackBy = rollback ? undefined : openRollbackOf(refs, rec.id);
  // Four eyes: whoever wrote or edited the plan is never offered Approve (the server refuses it anyway).
  const writers = rec.history.filter((h) => h.event === "created" || h.event === "edited").map((h) => h.actor.name.toLowerCase());
  const isWriter = env().fourEyes && !!me && writers.includes(me.trim().toLowerCase());
  const fourEyesHint = env().fourEyes
    ? isWriter
      ? `Four eyes: you (${me}) wrote or edited this plan, so someone else must approve it.`
      : "Four eyes: the approver must be someone other than whoever wrote or edited the plan."
    : undefined;
  const irreversible = rec.plan.changes.filter((c) => c.irreversible && c.kind !== "no-op").map((c) => c.description);
  const applyable = rec.status === "approved" || rec.status === "failed";

  return (
    <div className="stack">
      <header className="stack-sm">
        <div className={styles.header}>
          <h1>
            {rollback ? "Rollback plan" : many ? "Plan of several sources" : "Plan"} <span className="mono">{rec.id.slice(0, 8)}</span>
          </h1>
          <PlanStatus status={rec.status} withHint />
        </div>
        {many ? (
          <p>
            {many.many.sources.length} source buckets (
            {many.many.sources.map((g, i) => (
              <span key={g.scope}>
                {i > 0 ? ", " : ""}
                <span className="mono">{g.bucket}</span> in {g.accountId}
              </span>
            ))}
            ) → <span className="mono">{destination.bucket}</span> ({destination.accountId}, {destination.region})
          </p>
        ) : (
          <p>
            <span className="mono">{source.bucket}</span> ({source.accountId}, {source.region}) →{" "}
            <span className="mono">{destination.bucket}</span> ({destination.accountId}, {destination.region})
          </p>
        )}
        <dl className={styles.meta}>
          <div className={styles.metaItem}>
            <dt>Author</dt>
            <dd>{rec.author.name}</dd>
          </div>
          <div className={styles.metaItem}>
            <dt>Updated</dt>
            <dd>
              <time dateTime={rec.updatedAt}>{formatTime(rec.updatedAt)}</time>
            </dd>
          </div>
          <div className={styles.metaItem}>
            <dt>Fingerprint</dt>
            <dd className="mono" title={rec.fingerprint}>
              {rec.fingerprint.slice(0, 16)}…
            </dd>
          </div>
          {rolledBackBy ? (
            <div className={styles.metaItem}>
              <dt>Rollback</dt>
              <dd>
                <Link href={`/plans/${rolledBackBy.id}`} className="mono">
                  {rolledBackBy.id.slice(0, 8)}
                </Link>{" "}
                ({rolledBackBy.status})
              </dd>
            </div>
          ) : null}
          {rec.approval ? (
            <div className={styles.metaItem}>
              <dt>Approved by</dt>
              <dd>
                {rec.approval.by.name} for fingerprint <span className="mono">{rec.approval.fingerprint.slice(0, 16)}…</span>
              </dd>
            </div>
          ) : null}
        </dl>
        {rec.run?.error ? (
          <p className="notice notice-error">
            <strong>
              Last run failed{rec.run.error.code === "Interrupted" ? " (interrupted: the server stopped during it)" : ""}
              {rec.run.error.changeId ? ` at ${rec.run.error.changeId}` : ""}
            </strong>
            {rec.run.error.code ? <span className="mono">{rec.run.error.code}: </span> : null}
            {rec.run.error.message}
          </p>
        ) : null}
      </header>
      <PlanActions
        key={rec.status}
        id={rec.id}
        status={rec.status}
        fingerprint={rec.fingerprint}
        input={rec.input}
        rollback={rollback !== undefined}
        many={many !== undefined}
        fourEyesHint={fourEyesHint}
        isWriter={isWriter}
        existingRollback={rolledBackBy?.id}
      />
      {applyable || rec.run ? (
        <ApplyPanel
          id={rec.id}
          canApply={applyable}
          retry={rec.status === "failed"}
          bucket={destination.bucket}
          irreversible={irreversible}
          runId={rec.run?.runId}
        />
      ) : null}
      {rollback ? (
        <RollbackView plan={rollback} applied={rec.status === "applied"} />
      ) : many ? (
        <>
          <ManyPlanView plan={many} />
          <ManyLiveCheck record={rec} plan={many} />
        </>
      ) : (
        <>
          <section aria-labelledby="plan-problems">
            <h2 id="plan-problems">Errors and warnings</h2>
            {rec.plan.errors.length + rec.plan.warnings.length === 0 ? (
              <p className="muted">None.</p>
            ) : (
              <PlanProblems errors={rec.plan.errors} warnings={rec.plan.warnings} />
            )}
          </section>
          <section aria-labelledby="plan-calls">
            <h2 id="plan-calls">API calls, in order</h2>
            <ChangeList changes={rec.plan.changes} />
          </section>
          <section aria-labelledby="plan-docs">
            <h2 id="plan-docs">Documents</h2>
            <p className="muted">As saved: diffs are against what was live when the plan was built.</p>
            <PlanPreview plan={rec.plan} />
          </section>
          <LiveCheck record={rec} />
        </>
      )}
      <section aria-labelledby="plan-history" className="card stack-sm">
        <h2 id="plan-history">History</h2>
        <HistoryList history={rec.history} comments={rec.comments} />
      </section>
      <p>
        <Link href={`/audit?planId=${encodeURIComponent(rec.id)}`}>AWS write calls of this plan in the audit log</Link>
      </p>
    </div>
  );
}
