// Saved plans, newest first, filterable by status.
import Link from "next/link";
import { PlanStatus } from "@/components/plan-status";
import { formatTime } from "@/components/time";
import { plans, type PlanStatus as Status } from "@/lib/store";
import styles from "./_components/plans.module.css";
import { rollbackRefs } from "./_components/rollbacks";

export const metadata = { title: "Plans · Lockbridge" };

const PAGE = 50;
// lib/store exports its list as a type only (export type *), so the filter keeps its own.
const PLAN_STATUSES: Status[] = ["draft", "submitted", "approved", "rejected", "applying", "applied", "failed"];

export default async function PlansPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const status = PLAN_STATUSES.find((s) => s === sp.status) as Status | undefined;
  const page = Math.max(0, Number.parseInt(String(sp.page ?? "0"), 10) || 0);
  const { plans: list, total } = await plans().list({ status, limit: PAGE, offset: page * PAGE });
  const rollbackOf = new Map((await rollbackRefs()).map((r) => [r.id, r.of]));
  const href = (s: Status | undefined, p = 0) =>
    `/plans?${new URLSearchParams({ ...(s ? { status: s } : {}), ...(p ? { page: String(p) } : {}) })}`;
  return (
    <div className="stack">
      <div className={styles.header}>
        <h1>Plans</h1>
        <Link className="btn btn-primary" href="/plans/new">
          Save the wizard draft as a plan
        </Link>
      </div>
      <p>Each plan is reviewed and approved by a second person, bound to the exact changes, then applied from its page.</p>
      <nav aria-label="Filter by status" className="actions actions-tight">
        <Link href={href(undefined)} aria-current={status ? undefined : "page"}>
          All
        </Link>
        {PLAN_STATUSES.map((s) => (
          <Link key={s} href={href(s)} aria-current={status === s ? "page" : undefined}>
            {s}
          </Link>
        ))}
      </nav>
      {list.length === 0 ? (
        <p className="muted">No plans{status ? ` with status ${status}` : ""} yet.</p>
      ) : (
        <table className={styles.table}>
          <caption className="visually-hidden">Saved plans</caption>
          <thead>
            <tr>
              <th scope="col">Plan</th>
              <th scope="col">Source → destination</th>
              <th scope="col">Status</th>
              <th scope="col">Author</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {list.map((p) => (
              <tr key={p.id} data-plan={p.id}>
                <td data-label="Plan">
                  <span>
                    <Link className="mono" href={`/plans/${p.id}`}>
                      {p.id.slice(0, 8)}
                    </Link>
                    {rollbackOf.has(p.id) ? (
                      <span className={`badge ${styles.rollbackOf}`} data-rollback-of={rollbackOf.get(p.id)}>
                        Rollback of {rollbackOf.get(p.id)!.slice(0, 8)}
                      </span>
                    ) : null}
                  </span>
                </td>
                <td data-label="Buckets" className={styles.buckets}>
                  <span>
                    <span className="mono">{p.sourceBucket}</span>
                    {p.sourceCount > 1 ? ` and ${p.sourceCount - 1} more` : ""} → <span className="mono">{p.destinationBucket}</span>
                  </span>
                </td>
                <td data-label="Status">
                  <PlanStatus status={p.status} />
                </td>
                <td data-label="Author">{p.author.name}</td>
                <td data-label="Updated">
                  <time dateTime={p.updatedAt}>{formatTime(p.updatedAt)}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="actions">
        {page > 0 ? <Link href={href(status, page - 1)}>Newer</Link> : null}
        {(page + 1) * PAGE < total ? <Link href={href(status, page + 1)}>Older</Link> : null}
        <span className="muted">
          {total} plan{total === 1 ? "" : "s"}
        </span>
      </div>
    </div>
  );
}
