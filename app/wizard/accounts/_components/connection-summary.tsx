import type { ConnectResult } from "../actions";

/** What Connect reached in each account, in plain words (announced via the aria-live parent). */
export function ConnectionSummary({ result }: { result: ConnectResult }) {
  if (!("kind" in result)) {
    return (
      <div className="notice notice-error" role="alert">
        <strong>Some fields need attention</strong>
        Fix the fields marked above, then connect again.
      </div>
    );
  }
  const sides = [
    ["Source", result.source],
    ["Destination", result.destination],
  ] as const;
  return (
    <div className="grid-2">
      {sides.map(([label, c]) => (
        <div key={label} className={`notice ${c.state === "connected" ? "notice-ok" : c.state === "failed" ? "notice-error" : ""}`}>
          {c.state === "connected" ? (
            <>
              <strong>
                {label}: connected to account {c.identity.account}
              </strong>
              Identity reached: <span className="mono">{c.identity.arn}</span>
            </>
          ) : c.state === "plan-only" ? (
            <>
              <strong>{label}: plan only</strong>
              Nothing will be read or changed in this account.
            </>
          ) : (
            <>
              <strong>{label}: not connected</strong>
              {c.identity ? (
                <>
                  Identity reached: <span className="mono">{c.identity.arn}</span>.{" "}
                </>
              ) : null}
              {Object.values(c.errors).join(" ")}
            </>
          )}
        </div>
      ))}
    </div>
  );
}
