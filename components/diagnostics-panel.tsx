// Diagnostics panel: the preflight checks grouped by severity, and the permission simulation as
// "before apply: X of N allowed; after: Y of N" with a per-action table. Presentational: plain props
// (the PreflightResult computed on the server), no client state, so it renders in server and client trees.
import type { ActionResult, Decision, Diagnostic, PreflightResult, Severity, SimulationReport } from "@/lib/plan/diagnostics/types";
import { useId } from "react";
import styles from "./diagnostics-panel.module.css";

const GROUPS: { severity: Severity; title: string; notice: string; icon: string; intro: string }[] = [
  { severity: "error", title: "Blocking", notice: "notice-error", icon: "✖", intro: "Apply is blocked until these are fixed." },
  { severity: "warning", title: "Warnings", notice: "notice-warn", icon: "⚠", intro: "Replication can be set up, but read these first." },
  { severity: "info", title: "Information", notice: "", icon: "ℹ", intro: "Fixed by apply, or things Lockbridge cannot see." },
];

const DECISION: Record<Decision, { label: string; badge: string }> = {
  allowed: { label: "Allowed", badge: "badge-no-op" },
  "implicit-deny": { label: "Not granted", badge: "badge-danger" },
  "explicit-deny": { label: "Explicitly denied", badge: "badge-danger" },
  unknown: { label: "Unknown", badge: "badge-unknown" },
};

function DecisionBadge({ r }: { r: ActionResult | undefined }) {
  if (!r) return <span className="muted">—</span>;
  const d = DECISION[r.decision];
  return (
    <span className={`badge ${d.badge}`}>
      {d.label}
      {r.decision === "allowed" && !r.certain ? " (unverified)" : ""}
    </span>
  );
}

function DiagnosticItem({ d }: { d: Diagnostic }) {
  return (
    <li className={styles.item}>
      <p className={styles.message}>{d.message}</p>
      <p className={styles.fix}>
        <span className={styles.label}>Fix:</span> {d.fix}
      </p>
      {d.evidence.length > 0 ? (
        <details className={styles.evidence}>
          <summary>Evidence</summary>
          <ul className={styles.evidenceList}>
            {d.evidence.map((e, i) => (
              <li key={i} className="mono">
                {e}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </li>
  );
}

const summaryLine = (r: SimulationReport) => `${r.allowed} of ${r.total} actions allowed`;

function SimulationTable({
  before,
  after,
  headingId,
  label = "Permission simulation, per action",
  only,
}: {
  before: SimulationReport;
  after: SimulationReport;
  headingId: string;
  label?: string;
  /** Rows to show (by action and resource); every row when undefined. */
  only?: Set<string>;
}) {
  const afterByKey = new Map(after.results.map((r) => [`${r.action} ${r.resource}`, r]));
  const rows = only ? before.results.filter((b) => only.has(`${b.action} ${b.resource}`)) : before.results;
  return (
    // On phones each row becomes a small card with labelled lines (CSS), so the verdicts are never
    // off-screen; the wrapper stays focusable for keyboard scrolling where the table is wide.
    <div className={styles.tableWrap} tabIndex={0} role="region" aria-label={label}>
      <table className={styles.table} aria-labelledby={headingId}>
        <thead>
          <tr>
            <th scope="col">Action</th>
            <th scope="col">Resource</th>
            <th scope="col">Before apply</th>
            <th scope="col">After apply</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((b) => {
            const a = afterByKey.get(`${b.action} ${b.resource}`);
            const changed = a !== undefined && a.decision !== b.decision;
            const denies = [...(a?.denies ?? []), ...(a ? [] : b.denies)];
            return (
              <tr key={`${b.action} ${b.resource}`}>
                <th scope="row" className="mono">
                  {b.action}
                </th>
                <td className={`mono ${styles.resource}`} data-label="Resource">
                  {b.resource}
                  {b.crossAccount ? <span className={styles.cross}> (other account)</span> : null}
                </td>
                <td data-label="Before apply">
                  <DecisionBadge r={b} />
                </td>
                <td data-label="After apply">
                  <DecisionBadge r={a} />
                </td>
                <td className={styles.reason} data-label="Reason">
                  {changed ? (
                    <>
                      <span className={styles.label}>Now:</span> {b.reason} <span className={styles.label}>After apply:</span> {a.reason}
                    </>
                  ) : (
                    (a ?? b).reason
                  )}
                  {denies
                    .filter((d) => d.statement !== undefined)
                    .map((d, i) => (
                      <details key={i} className={styles.evidence}>
                        <summary>Denying statement {d.sid ? `"${d.sid}"` : `#${d.index}`}</summary>
                        <pre className={styles.json}>{JSON.stringify(d.statement, null, 2)}</pre>
                      </details>
                    ))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function DiagnosticsPanel({ result, headingLevel = 2 }: { result: PreflightResult; headingLevel?: 2 | 3 }) {
  const H = `h${headingLevel}` as "h2" | "h3";
  const Sub = `h${headingLevel + 1}` as "h3" | "h4";
  const { diagnostics, simulation, blocking } = result;
  const { before, after } = simulation;
  const allAfter = after.allowed === after.total;
  const refusedAfter = new Set(after.results.filter((r) => r.decision !== "allowed").map((r) => `${r.action} ${r.resource}`));
  const caveats = [...new Set([...before.caveats, ...after.caveats])];
  // Unique ids: the panel may appear more than once on a page (review and plan).
  const uid = useId();
  const headingId = `${uid}-diagnostics`;
  const simId = `${uid}-simulation`;
  return (
    <section className={`card stack ${styles.panel}`} aria-labelledby={headingId}>
      <H id={headingId}>Diagnostics</H>
      <p role="status" className={`notice ${blocking ? "notice-error" : "notice-ok"}`}>
        <strong>{blocking ? "Preflight found problems that block apply." : "No blocking problems found."}</strong>
        Before apply: {summaryLine(before)}; after: {after.allowed} of {after.total}.
      </p>

      {GROUPS.map((g) => {
        const items = diagnostics.filter((d) => d.severity === g.severity);
        if (items.length === 0) return null;
        const id = `${uid}-${g.severity}`;
        return (
          <section key={g.severity} aria-labelledby={id} className={`notice ${g.notice} ${styles.group}`}>
            <Sub id={id} className={styles.groupTitle}>
              <span aria-hidden="true" className={styles.icon}>
                {g.icon}
              </span>{" "}
              {g.title} ({items.length})
            </Sub>
            <p className={styles.intro}>{g.intro}</p>
            <ul className={styles.list}>
              {items.map((d) => (
                <DiagnosticItem key={d.id} d={d} />
              ))}
            </ul>
          </section>
        );
      })}

      <section aria-labelledby={simId} className="stack-sm">
        <Sub id={simId}>Permission simulation</Sub>
        <p>
          Every request S3 makes as the replication role <span className="mono">{after.principal}</span>, judged against its policies, its
          permissions boundary and the bucket and key policies.{" "}
          <strong className={allAfter ? styles.ok : styles.bad}>
            Before apply: {summaryLine(before)}; after: {after.allowed} of {after.total}.
          </strong>
        </p>
        {/* Only the actions that would still be refused after apply are shown open: they are what needs
            attention, and the full list of 15 or more rows (each a small card on a phone) would otherwise make
            Review several screens long. The full list stays one click away. */}
        {refusedAfter.size > 0 ? (
          <>
            <p className={styles.bad}>
              <strong>
                Not allowed after apply, or unknown ({refusedAfter.size} of {after.total})
              </strong>
            </p>
            <SimulationTable
              before={before}
              after={after}
              headingId={simId}
              only={refusedAfter}
              label="Permission simulation, actions not allowed after apply"
            />
          </>
        ) : null}
        <details className={styles.perAction}>
          <summary>Every action, one by one ({after.total})</summary>
          <SimulationTable before={before} after={after} headingId={simId} />
        </details>
        {caveats.length > 0 ? (
          <div className="notice notice-small">
            <strong>What the simulation cannot see</strong>
            <ul className="plain-list">
              {caveats.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
          </div>
        ) : null}
      </section>
    </section>
  );
}
