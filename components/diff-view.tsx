import type { DiffLine } from "@/lib/plan";
import { diffSegments } from "@/lib/plan/diff";
import { JsonLine } from "./json-view";

const SIGN = { add: "+", del: "-", same: " " } as const;
const SR = { add: "added: ", del: "removed: ", same: "" } as const;
function Lines({ lines }: { lines: DiffLine[] }) {
  return (
    <pre className="diff-lines">
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
  );
}

/**
 * A line diff of two pretty-printed documents: added lines marked +, removed lines marked -, unchanged
 * lines as context, long unchanged runs folded.
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
      <div className="code diff" tabIndex={0} role="region" aria-label={label}>
        {diffSegments(lines).map((s, i) =>
          s.folded ? (
            <details key={i} className="diff-fold">
              <summary>
                {s.lines.length} unchanged line{s.lines.length === 1 ? "" : "s"}
              </summary>
              <Lines lines={s.lines} />
            </details>
          ) : (
            <Lines key={i} lines={s.lines} />
          ),
        )}
      </div>
    </>
  );
}
