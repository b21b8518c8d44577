// Server component: the live check of a plan of several sources, as LiveCheck does for one. It reads
// every account once and re-plans (what drifted since the plan was built), then shows the Diagnostics of each
// source against the vault as read now (preflight checks, the permission simulation and Lockbridge's own
// access roles), the same checks apply runs before its first write.
import { DiagnosticsPanel } from "@/components/diagnostics-panel";
import { manyDrift } from "@/lib/plan/onboard";
import type { PlanRecord } from "@/lib/store";
import { manyLiveReview, type ManyPlan } from "@/lib/workflow";
import { accountRefusals } from "@/lib/workflow/allowed";
import { DriftNotice, NotRead } from "./live-check";

export async function ManyLiveCheck({ record, plan }: { record: PlanRecord; plan: ManyPlan }) {
  const { inputs } = plan.many;
  const refused = [...new Set(inputs.flatMap((i) => Object.values(accountRefusals(i.accounts))))];
  if (refused.length > 0) return <NotRead why={refused.join(" ")} title="Live state not read" />;
  let review: Awaited<ReturnType<typeof manyLiveReview>>;
  try {
    review = await manyLiveReview(plan);
  } catch (err) {
    return <NotRead why={err instanceof Error ? err.message : String(err)} title="Could not read the live state" />;
  }
  const { now, preflights } = review;
  const pending = ["draft", "submitted", "approved", "rejected"].includes(record.status);
  const drift = pending && now.fingerprint !== record.fingerprint ? manyDrift(plan, now) : [];
  const blocking = preflights.filter((p) => p.blocking).length;
  return (
    <section aria-labelledby="many-live" className="stack-sm">
      <h2 id="many-live">Live check</h2>
      <DriftNotice drift={drift} pending={pending} accounts="every source account and the vault" />
      <p className={blocking > 0 ? "notice notice-error" : "muted"}>
        {blocking > 0
          ? `Diagnostics found problems that block apply for ${blocking} of ${inputs.length} source(s); apply refuses until they are fixed.`
          : `Diagnostics for each of the ${inputs.length} source(s) against the vault as read now: nothing blocks apply.`}
      </p>
      {preflights.map((p, i) => (
        <details key={i} className="card" open={p.blocking}>
          <summary>
            <strong>Diagnostics of {inputs[i]!.accounts.source.bucket}</strong> in {inputs[i]!.accounts.source.accountId}
            {p.blocking ? " (blocking problems)" : ""}
          </summary>
          <DiagnosticsPanel result={p} headingLevel={3} />
        </details>
      ))}
    </section>
  );
}
