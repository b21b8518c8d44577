// A saved plan's history (every lifecycle step, who and when, with its comment) and its comments, oldest
// first. Plain props: components/ never imports the store, so the shapes are declared here.
import { PlanStatus, type PlanStatusName } from "./plan-status";

type Who = { name: string; source: "local" | "proxy-header" };
export type HistoryItem = {
  at: string;
  actor: Who;
  from: PlanStatusName | null;
  to: PlanStatusName;
  event: string;
  comment: string | null;
  fingerprint: string;
  runId: string | null;
};
export type CommentItem = { id: number; at: string; actor: Who; text: string };

const when = (iso: string) =>
  new Date(iso)
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, " UTC");

export function HistoryList({ history, comments }: { history: HistoryItem[]; comments: CommentItem[] }) {
  return (
    <div className="stack-sm">
      <ol className="plain-list" aria-label="Plan history">
        {history.map((h, i) => (
          <li key={i} data-event={h.event}>
            <time dateTime={h.at} className="muted">
              {when(h.at)}
            </time>{" "}
            <strong>{h.actor.name}</strong> {h.event} <PlanStatus status={h.to} />
            <span className="muted mono"> fingerprint {h.fingerprint.slice(0, 12)}…</span>
            {h.runId ? <span className="muted mono"> run {h.runId.slice(0, 8)}</span> : null}
            {h.comment ? <blockquote className="notice notice-small">{h.comment}</blockquote> : null}
          </li>
        ))}
      </ol>
      {comments.length > 0 ? (
        <>
          <h3>Comments</h3>
          <ul className="plain-list" aria-label="Comments">
            {comments.map((c) => (
              <li key={c.id}>
                <time dateTime={c.at} className="muted">
                  {when(c.at)}
                </time>{" "}
                <strong>{c.actor.name}</strong>: {c.text}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
