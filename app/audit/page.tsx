// The audit log: every AWS write call Lockbridge made (who, when, plan, run, account, API, target,
// request ID, result, before and after), newest first, filterable, with a JSON Lines download.
import Link from "next/link";
import { DiffView } from "@/components/diff-view";
import { JsonView } from "@/components/json-view";
import { pageAccess } from "@/lib/http/page";
import { prettyJson } from "@/lib/plan";
import { documentDiff } from "@/lib/plan/diff";
import { auditLog } from "@/lib/store";
import { formatTime } from "@/components/time";
import styles from "./_components/audit.module.css";
import { filterQuery, originOf, parseAuditFilter, type Params } from "./_components/filter";

export const metadata = { title: "Audit log · Lockbridge" };

const PAGE = 25;

type Entry = { api: string; target: string; before: Parameters<typeof documentDiff>[0]; after: Parameters<typeof documentDiff>[1] };

/**
 * What the call changed: a diff of meaning when there was a document before and after (an update), else
 * the one document there is, with the side that was empty said in words.
 */
function Change({ e }: { e: Entry }) {
  const what = `${e.api} ${e.target}`;
  if (e.before !== null && e.after !== null) {
    const label = `Before → after (${what})`;
    return (
      <details className={styles.doc}>
        <summary>{label}</summary>
        <DiffView lines={documentDiff(e.before, e.after)} label={label} against="the document before this call" />
      </details>
    );
  }
  const one = (side: "Before" | "After", doc: Entry["before"]) => {
    const label = `${side} (${what})`;
    return doc === null ? (
      <p className={styles.doc}>{label} (none)</p>
    ) : (
      <details className={styles.doc}>
        <summary>{label}</summary>
        <JsonView text={prettyJson(doc)} label={label} />
      </details>
    );
  };
  return (
    <>
      {one("Before", e.before)}
      {one("After", e.after)}
    </>
  );
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Params> }) {
  // Who did what is itself sensitive: only someone the server can identify reads it.
  const access = await pageAccess();
  if (!access.ok)
    return (
      <p role="alert" className="notice notice-error">
        {access.message}
      </p>
    );
  const sp = await searchParams;
  const get = (k: string) => sp[k];
  const cursor = Number.parseInt(String(sp.cursor ?? ""), 10);
  const { filter, problems } = parseAuditFilter(get);
  const page =
    problems.length > 0
      ? { entries: [], total: 0, nextCursor: null }
      : await auditLog().listAudit(filter, { limit: PAGE, ...(Number.isFinite(cursor) ? { cursor } : {}) });
  const value = (k: string) => (typeof sp[k] === "string" ? (sp[k] as string) : "");
  return (
    <div className="stack">
      <h1>Audit log</h1>
      <p>
        Every AWS write call, from saved plans, rollbacks and the wizard&apos;s Apply page. Credentials are never recorded; values that look
        like one are removed before an entry is written.
      </p>
      <form className={`card ${styles.filters}`} method="get" role="search" aria-label="Filter the audit log">
        {[
          ["planId", "Plan ID"],
          ["account", "Account (ID, source or destination)"],
          ["api", "API"],
          ["actor", "Actor"],
          ["text", "Target contains"],
        ].map(([k, label]) => (
          <div className="field" key={k}>
            <label htmlFor={`audit-${k}`}>{label}</label>
            <input id={`audit-${k}`} name={k} className="input" defaultValue={value(k!)} />
          </div>
        ))}
        <div className="field">
          <label htmlFor="audit-result">Result</label>
          <select id="audit-result" name="result" className="select" defaultValue={value("result")}>
            <option value="">Any</option>
            <option value="ok">ok</option>
            <option value="failed">failed</option>
          </select>
        </div>
        <div className="actions">
          <button type="submit" className="btn btn-primary">
            Filter
          </button>
          <Link href="/audit">Clear</Link>
          {problems.length === 0 ? (
            <a className="btn" href={`/audit/export?${filterQuery(get)}`} download>
              Download JSON Lines
            </a>
          ) : null}
        </div>
      </form>
      {problems.length > 0 ? (
        <div className="notice notice-error" role="alert">
          <strong>This filter cannot match anything</strong>
          <ul className="problem-list">
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <p className="muted" role="status">
        {problems.length > 0
          ? "No entries listed: fix the filter above."
          : `${page.total} matching write call${page.total === 1 ? "" : "s"}, newest first.`}
      </p>
      <ol className={styles.entries} aria-label="Audit entries">
        {page.entries.map((e) => (
          <li key={e.seq} className={`card ${styles.entry}`} data-api={e.api} data-result={e.result}>
            <div className={styles.line}>
              <span className={`badge ${e.result === "ok" ? "badge-no-op" : "badge-danger"}`}>{e.result}</span>
              <strong className="mono">{e.api}</strong> <span className="mono">{e.target}</span>
            </div>
            <div className={`muted ${styles.line}`}>
              <time dateTime={e.at}>{formatTime(e.at)}</time>
              <span>by {e.actor}</span>
              <span>
                {e.account} account <span className="mono">{e.accountId}</span>
                {e.region ? ` (${e.region})` : ""}
              </span>
              {e.planId ? (
                <span>
                  plan{" "}
                  <Link className="mono" href={`/plans/${e.planId}`}>
                    {e.planId.slice(0, 8)}
                  </Link>
                </span>
              ) : (
                <span>{originOf(e)}</span>
              )}
              {e.runId ? (
                <span>
                  run <span className="mono">{e.runId.slice(0, 8)}</span>
                </span>
              ) : null}
              {e.requestId ? (
                <span>
                  request ID <span className="mono">{e.requestId}</span>
                </span>
              ) : null}
            </div>
            {e.errorCode || e.errorMessage ? (
              <p className={styles.error}>
                <span className="mono">{e.errorCode}</span>: {e.errorMessage}
              </p>
            ) : null}
            {e.scrubbed.length > 0 ? (
              <p className="muted">
                Removed as possible secrets: <span className="mono">{e.scrubbed.join(", ")}</span>
              </p>
            ) : null}
            <div className={styles.docs}>
              <Change e={e} />
            </div>
          </li>
        ))}
      </ol>
      <nav className="actions" aria-label="Pages">
        {Number.isFinite(cursor) ? <Link href={`/audit?${filterQuery(get)}`}>First page</Link> : null}
        {page.nextCursor !== null ? (
          <Link href={`/audit?${filterQuery(get, { cursor: String(page.nextCursor) })}`}>Older entries</Link>
        ) : null}
      </nav>
    </div>
  );
}
