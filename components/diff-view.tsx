import type { DiffLine } from "@/lib/plan";
import { JsonLine } from "./json-view";

const SIGN = { add: "+", del: "-", same: " " } as const;
const SR = { add: "added: ", del: "removed: ", same: "" } as const;

/**
 * A line diff of two pretty-printed documents: every line is shown (unchanged lines as context, so
 * statements we keep stay visible), added lines marked +, removed lines marked -.
 */
export function DiffView({ lines, label, against = "the live document" }: { lines: DiffLine[]; label: string; against?: string }) {
  const added = lines.filter((l) => l.kind === "add").length;
  const removed = lines.filter((l) => l.kind === "del").length;
  return (
    <>
      <p className="diff-summary">
        <span className="diff-count-add">+{added}</span> <span className="diff-count-del">-{removed}</span>{" "}
        <span className="muted">
          {added + removed === 0 ? `same meaning as ${against}` : `line${added + removed === 1 ? "" : "s"} changed against ${against}`}
        </span>
      </p>
      <pre className="code diff" tabIndex={0} aria-label={label}>
        <code>
          {lines.map((l, i) => (
            <span key={i} className={`code-line diff-${l.kind}`}>
              <span className="diff-sign" aria-hidden="true">
                {SIGN[l.kind]}
              </span>
              {SR[l.kind] ? <span className="visually-hidden">{SR[l.kind]}</span> : null}
              <JsonLine text={l.text} />
              {"\n"}
            </span>
          ))}
        </code>
      </pre>
    </>
  );
}
