import type { PlanProblem, PlanWarning } from "@/lib/plan";

/** Problems whose path starts with one of `prefixes` (all when prefixes is undefined). */
export function problemsFor<T extends { path?: string }>(items: T[], prefixes?: string[]): T[] {
  if (!prefixes) return items;
  return items.filter((i) => prefixes.some((p) => (i.path ?? "").startsWith(p)));
}

/** Plan errors (block apply) and warnings (read before applying), in plain words. */
export function PlanProblems({ errors, warnings: all }: { errors: PlanProblem[]; warnings: PlanWarning[] }) {
  if (errors.length === 0 && all.length === 0) return null;
  const danger = all.filter((w) => w.danger);
  const warnings = all.filter((w) => !w.danger);
  return (
    <div className="stack-sm">
      {danger.length > 0 ? (
        <div className="notice notice-error" data-danger>
          <strong>Confirmed, and dangerous: read before approving</strong>
          <ul className="problem-list">
            {danger.map((w, i) => (
              <li key={i}>{w.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {errors.length > 0 ? (
        <div className="notice notice-error">
          <strong>
            {errors.length} error{errors.length === 1 ? "" : "s"}: the plan cannot be applied
          </strong>
          <ul className="problem-list">
            {errors.map((e, i) => (
              <li key={i}>{e.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {warnings.length > 0 ? (
        <div className="notice notice-warn">
          <strong>
            {warnings.length} warning{warnings.length === 1 ? "" : "s"}
          </strong>
          <ul className="problem-list">
            {warnings.map((w, i) => (
              <li key={i}>{w.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
