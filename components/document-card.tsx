import { type Change, type PlanDocument, prettyJson } from "@/lib/plan";
import { documentDiff } from "@/lib/plan/diff";
import { CopyButton, DownloadButton } from "./copy-download";
import { DiffView } from "./diff-view";
import { FoldableDetails } from "./foldable-details";
import { JsonView } from "./json-view";

const ACCOUNT = { source: "Source account", destination: "Destination account" } as const;

/** The words for a change's kind; plan-only states are never presented as facts. */
export function kindLabel(change: Pick<Change, "kind" | "stateUnknown"> | undefined): string {
  if (!change) return "";
  if (change.stateUnknown) return change.kind === "no-op" ? "no change (state unknown)" : "would create (state unknown)";
  return { "no-op": "no change", create: "would create", update: "would update", delete: "would delete" }[change.kind];
}

export function KindBadge({ change }: { change: Pick<Change, "kind" | "stateUnknown"> | undefined }) {
  if (!change) return null;
  const cls = change.stateUnknown ? "badge-unknown" : change.kind === "delete" ? "badge-danger" : `badge-${change.kind}`;
  return <span className={`badge ${cls}`}>{kindLabel(change)}</span>;
}

/**
 * One document the plan will write: a diff against the live document when one was read, otherwise the
 * whole document; copy and download buttons; which foreign statements or rules are kept as they are.
 */
export function DocumentCard({
  doc,
  change,
  open = true,
  foldOnPhone = false,
  fileName,
}: {
  doc: PlanDocument;
  change?: Change;
  open?: boolean;
  /** Start folded on a phone (pages that list every document, such as Review). */
  foldOnPhone?: boolean;
  fileName: string;
}) {
  const text = prettyJson(doc.after);
  const kept = change?.foreignIds ?? [];
  return (
    <FoldableDetails className="doc-card" open={open} foldOnPhone={foldOnPhone} data-doc={doc.id}>
      <summary>
        <span className="doc-title">{doc.title}</span>
        <span className="doc-meta">
          <span className="badge">{ACCOUNT[doc.account]}</span> <KindBadge change={change} />
        </span>
      </summary>
      <div className="doc-body">
        {change ? <p className="doc-desc">{change.description}</p> : null}
        {kept.length > 0 ? (
          <p className="doc-kept">
            <strong>Kept unchanged</strong> (not written by Lockbridge): <span className="mono">{kept.join(", ")}</span>
          </p>
        ) : null}
        {doc.before !== null ? (
          <DiffView lines={documentDiff(doc.before, doc.after)} label={`${doc.title}: changes against the live document`} />
        ) : (
          <JsonView text={text} label={doc.title} />
        )}
        <div className="actions actions-tight">
          <CopyButton text={text} label={doc.title} />
          <DownloadButton text={text} fileName={fileName} label={`Download ${doc.title}`} />
        </div>
      </div>
    </FoldableDetails>
  );
}
