import type { AccountSide, Change } from "@/lib/plan";
import { KindBadge } from "./document-card";

const SIDES: { side: AccountSide; label: string }[] = [
  { side: "destination", label: "Destination account" },
  { side: "source", label: "Source account" },
];

/**
 * The API calls in apply order, per account. Numbers are the global order, so a call's dependencies
 * (possibly in the other account) can be found by number.
 */
export function ChangeList({
  changes,
  onlyUsedSides = false,
}: {
  changes: Change[];
  /** Leave out an account without calls (one part of a larger plan). */ onlyUsedSides?: boolean;
}) {
  const index = new Map(changes.map((c, i) => [c.id, i + 1]));
  return (
    <>
      <p className="muted">Numbers give the order across both accounts; &ldquo;after&rdquo; lists the calls that must succeed first.</p>
      <div className="grid-2">
        {SIDES.filter(({ side }) => !onlyUsedSides || changes.some((c) => c.account === side)).map(({ side, label }) => {
          const mine = changes.filter((c) => c.account === side);
          return (
            <section key={side} className="change-group" aria-label={`API calls in the ${label.toLowerCase()}`}>
              <h3>
                {label} <span className="muted mono">{mine[0]?.accountId}</span>
              </h3>
              <ol className="change-list">
                {mine.map((c) => (
                  <li key={c.id} value={index.get(c.id)} data-change={c.id}>
                    <div className="change-head">
                      <span className="mono change-action">{c.action}</span> <KindBadge change={c} />
                      {c.irreversible ? <span className="badge badge-danger">irreversible</span> : null}
                    </div>
                    <div className="change-desc">{c.description}</div>
                    <div className="change-meta muted">
                      <span className="mono">{c.target}</span>
                      {c.dependsOn.length > 0 ? (
                        <>
                          {" "}
                          · after{" "}
                          {c.dependsOn.map((d) => `#${index.get(d)} ${changes.find((x) => x.id === d)?.action ?? ""}`.trim()).join(", ")}
                        </>
                      ) : null}
                      {c.waitAfter === "iam-propagation" ? " · then waits for IAM propagation" : null}
                    </div>
                  </li>
                ))}
              </ol>
            </section>
          );
        })}
      </div>
    </>
  );
}
