"use client";
import { PlanPreview } from "@/components/plan-preview";
import type { PlanDocumentId } from "@/lib/plan";
import { LiveStateBar } from "./live-state-bar";
import { useLiveState } from "./use-live-state";
import { usePlan } from "./use-plan";

/** The live preview beside a step's form: recomputed on every change to the draft. */
const STEP_LABEL = {
  objectLock: "Destination Object Lock",
  role: "Replication role",
  encryption: "Encryption",
  rule: "Replication rule",
} as const;

export function LivePreview({ focus, prefixes, step }: { focus: PlanDocumentId[]; prefixes: string[]; step?: keyof typeof STEP_LABEL }) {
  const { view, current } = usePlan(step);
  const live = useLiveState({ auto: true });
  return (
    <section className="preview" aria-labelledby="preview-title">
      <div className="preview-head">
        <h2 id="preview-title">Preview</h2>
      </div>
      <LiveStateBar view={view} live={live} />
      <div aria-live="polite" className="preview-note">
        {!current && view ? (
          <p className="notice notice-warn notice-small">
            Showing the last valid input: fix the fields marked in the form to update the preview.
          </p>
        ) : null}
        {current && view && view.standIns.length > 0 ? (
          <p className="notice notice-small">
            Not complete yet, shown with defaults: {view.standIns.map((k) => STEP_LABEL[k]).join(", ")}.
          </p>
        ) : null}
      </div>
      {view ? (
        <PlanPreview plan={view.plan} focus={focus} prefixes={prefixes} />
      ) : (
        <p className="muted">The preview appears once the fields are valid.</p>
      )}
    </section>
  );
}
