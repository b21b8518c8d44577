// Progress and outcome of an apply run (from the engine's run registry), rollback plans included.
import type { ChangeRun, RunSnapshot } from "@/lib/apply/types";
import styles from "./plans.module.css";

function stateLabel(c: ChangeRun, finished: boolean): string {
  if (c.state === "skipped")
    return c.skipReason === "handover" ? "Handed over" : c.skipReason === "blocked" ? "Waits for the other account" : "Already as planned";
  if (c.state === "waiting") return finished ? "Not started" : "Waiting";
  return { running: "Running…", done: "Done", failed: "Failed" }[c.state];
}

const TONE: Record<RunSnapshot["status"], string> = {
  running: "",
  succeeded: "notice-ok",
  "nothing-to-change": "notice-ok",
  partial: "notice-warn",
  failed: "notice-error",
  refused: "notice-error",
};
const TITLE: Record<RunSnapshot["status"], string> = {
  running: "Applying",
  succeeded: "Applied",
  "nothing-to-change": "Nothing to change",
  partial: "Partly applied",
  failed: "Stopped",
  refused: "Refused",
};

export function RunSteps({ run }: { run: RunSnapshot }) {
  const finished = run.status !== "running";
  return (
    <div className="stack-sm" data-run-status={run.status}>
      <p className={`notice ${TONE[run.status]}`}>
        <strong>{TITLE[run.status]}</strong>
        {run.message}
      </p>
      {run.refusal ? (
        <ul className="problem-list">
          {run.refusal.details.map((d, i) => (
            <li key={i}>{d}</li>
          ))}
        </ul>
      ) : null}
      {run.changes.length > 0 ? (
        <ol className={styles.steps} aria-label="Progress of each change">
          {run.changes.map((c) => (
            <li key={c.id} data-change={c.id} data-state={c.state}>
              <span className={styles.state}>{stateLabel(c, finished)}</span> {c.description}{" "}
              <span className="muted">
                ({c.account} {c.accountId}, <span className="mono">{c.action}</span>)
              </span>
              {c.note && c.note !== stateLabel(c, finished) ? <div className="muted">{c.note}</div> : null}
              {c.requestIds.length > 0 ? <div className="mono muted">request ID {c.requestIds.join(", ")}</div> : null}
              {c.error ? (
                <div className={styles.error}>
                  <span className="mono">{c.error.code}</span>: {c.error.message}
                </div>
              ) : null}
            </li>
          ))}
        </ol>
      ) : null}
    </div>
  );
}
