import type { Plan, PlanDocumentId } from "@/lib/plan";
import { DocumentCard } from "./document-card";
import { PlanProblems, problemsFor } from "./plan-problems";

/** File name for one document's download, e.g. bucketPolicy-lockbridge-demo-vault.json. */
export function documentFileName(plan: Plan, id: PlanDocumentId): string {
  const change = plan.documents.find((d) => d.id === id)?.changeId;
  const target = plan.changes.find((c) => c.id === change)?.target ?? "";
  const safe = target.replace(/^arn:.*[:/]/, "").replace(/[^\w.-]+/g, "-");
  return `${id}${safe ? `-${safe}` : ""}.json`;
}

/**
 * Every document the plan writes, the ones this step is about first and open, the others folded;
 * with the plan errors and warnings that concern this step (all of them when `prefixes` is undefined).
 */
const openOnReview = (c: { kind: string; stateUnknown?: boolean } | undefined) => !!c && c.kind !== "no-op" && !c.stateUnknown;

export function PlanPreview({
  plan,
  focus,
  prefixes,
  problems = true,
}: {
  plan: Plan;
  focus?: PlanDocumentId[];
  prefixes?: string[];
  problems?: boolean;
}) {
  const rank = (id: PlanDocumentId) => (focus ? (focus.includes(id) ? focus.indexOf(id) : 100) : 0);
  const docs = [...plan.documents].sort((a, b) => rank(a.id) - rank(b.id));
  const others = focus ? docs.filter((d) => !focus.includes(d.id)).length : 0;
  return (
    <div className="stack-sm">
      {problems ? <PlanProblems errors={problemsFor(plan.errors, prefixes)} warnings={problemsFor(plan.warnings, prefixes)} /> : null}
      {docs.map((d, i) => (
        <div key={d.id}>
          {focus && others > 0 && i === docs.length - others ? <h3 className="other-docs">Other documents in this plan</h3> : null}
          <DocumentCard
            doc={d}
            change={plan.changes.find((c) => c.id === d.changeId)}
            // Without a focus (Review, a saved plan) documents that stay as they are start folded: the
            // page is then about what changes, not 10,000 px of unchanged JSON. So do documents whose live
            // state is unknown (plan-only): each is a whole new document with nothing to compare, and the
            // exports merge it at run time; its card still says what it would write, one click away.
            open={focus ? focus.includes(d.id) : openOnReview(plan.changes.find((c) => c.id === d.changeId))}
            foldOnPhone={!focus}
            fileName={documentFileName(plan, d.id)}
          />
        </div>
      ))}
    </div>
  );
}
