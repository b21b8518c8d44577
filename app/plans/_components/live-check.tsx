// Server component: reads both accounts now, compares with the saved plan (what drifted since it was
// built) and shows the Diagnostics panel (preflight checks + permission simulation) for the live state.
import { DiagnosticsPanel } from "@/components/diagnostics-panel";
import { describeDrift, liveReview } from "@/lib/workflow";
import { scrubString, type PlanRecord } from "@/lib/store";
import { accountRefusals } from "@/lib/workflow/allowed";

export async function LiveCheck({ record }: { record: PlanRecord }) {
  // A plan saved before the allowed accounts were set may name one this server may not use now.
  const refused = Object.values(accountRefusals(record.input.accounts));
  if (refused.length > 0) return <NotRead why={refused.join(" ")} title="Live state not read" />;
  let review: Awaited<ReturnType<typeof liveReview>>;
  try {
    review = await liveReview(record.input);
  } catch (err) {
    return <NotRead why={err instanceof Error ? err.message : String(err)} title="Could not read the live state" />;
  }
  // After apply the live plan is all no-ops by design: drift is only news before apply.
  const pending = ["draft", "submitted", "approved", "rejected"].includes(record.status);
  const drift = pending && review.plan.fingerprint !== record.fingerprint ? describeDrift(record.plan, review.plan) : [];
  return (
    <>
      <DriftNotice drift={drift} pending={pending} accounts="both accounts" />
      <DiagnosticsPanel result={review.preflight} />
    </>
  );
}

/** Why the live state was not read (an account this server may not use, or a read that failed; an AWS error text is scrubbed). */
export function NotRead({ title, why }: { title: string; why: string }) {
  return (
    <p className="notice notice-warn">
      <strong>{title}</strong>
      {scrubString(why).value}
    </p>
  );
}

/** What changed since the plan was built, or that live state still gives exactly this plan. */
export function DriftNotice({ drift, pending, accounts }: { drift: string[]; pending: boolean; accounts: string }) {
  if (drift.length > 0)
    return (
      <div className="notice notice-warn" role="status" data-testid="live-drift">
        <strong>Live state changed since this plan was built</strong>
        <ul className="problem-list">
          {drift.map((d, i) => (
            <li key={i}>{d}</li>
          ))}
        </ul>
        Apply will refuse these changes. Re-plan against live state to rebuild the plan (it then needs a new review).
      </div>
    );
  return pending ? (
    <p className="notice notice-ok" role="status">
      <strong>Live state matches</strong>
      Read just now: {accounts} still give exactly this plan.
    </p>
  ) : null;
}
