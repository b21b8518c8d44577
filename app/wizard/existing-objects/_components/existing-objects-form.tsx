"use client";
// The batch options (validated by the same schema the server action uses), written to the draft on every
// change, beside a preview of the batch role documents and the CreateJob request the plan derives.
import Link from "next/link";
import { useState } from "react";
import { CopyButton } from "@/components/copy-download";
import { JsonView } from "@/components/json-view";
import { CheckField, Field, describedBy } from "@/components/ui/field";
import { prettyJson } from "@/lib/plan";
import { fieldErrorsOf } from "@/lib/schema/errors";
import { DEFAULT_BATCH_PREFIX, deriveBatchRoleName, existingObjectsStep, type WizardFormValues } from "@/lib/schema/wizard";
import { useDraft } from "../../_components/draft-provider";
import { usePlan } from "../../_components/use-plan";
import { BatchJobPanel } from "./batch-job-panel";

type Form = NonNullable<WizardFormValues["existingObjects"]>;
type Status = "NONE" | "FAILED" | "COMPLETED";
const DEFAULTS = {
  enabled: false,
  bucket: "",
  prefix: DEFAULT_BATCH_PREFIX,
  statuses: ["NONE", "FAILED"] as Status[],
  reportScope: "FailedTasksOnly" as const,
  priority: 10,
  roleName: "",
};
const STATUSES: { value: Status; label: string }[] = [
  { value: "NONE", label: "Never replicated (NONE)" },
  { value: "FAILED", label: "Failed to replicate (FAILED)" },
  { value: "COMPLETED", label: "Already replicated (COMPLETED)" },
];

export function ExistingObjectsForm() {
  const { values, update, loaded } = useDraft();
  const { view } = usePlan();
  // The priority field keeps what was typed; the draft only ever holds a whole number.
  const [priorityText, setPriorityText] = useState<string | undefined>();
  if (!loaded)
    return (
      <p className="muted" role="status">
        Loading your draft…
      </p>
    );
  const form = { ...DEFAULTS, ...values.existingObjects } as Required<Form> & { statuses: Status[] };
  const set = (patch: Partial<Form>) => update("existingObjects", { ...form, ...patch });
  const parsed = existingObjectsStep.safeParse(form);
  const errors: Record<string, string> = parsed.success ? {} : fieldErrorsOf(parsed.error);
  const typedPriority = priorityText ?? String(form.priority);
  if (!/^\d+$/.test(typedPriority)) errors.priority = "Enter a whole number, 0 or more.";
  const source = values.accounts.source.bucket;
  const batch = view?.plan.batch;
  const on = form.enabled;
  return (
    <div className="step-layout">
      <div className="step-form stack">
        <CheckField
          id="eo-enabled"
          label="Replicate existing objects with S3 Batch Replication"
          hint="Live replication copies only objects written after the rule exists. A Batch Replication job copies the ones already there, inside S3."
        >
          <input
            type="checkbox"
            checked={on}
            onChange={(e) => set({ enabled: e.target.checked })}
            {...describedBy("eo-enabled", true, undefined)}
          />
        </CheckField>
        <fieldset className="fieldset" disabled={!on}>
          <legend>Job</legend>
          <div className="stack">
            <fieldset className="fieldset" aria-describedby="eo-statuses-hint">
              <legend>Replication statuses to include</legend>
              <div className="radio-group">
                {STATUSES.map((s) => (
                  <label key={s.value} className="radio">
                    <input
                      type="checkbox"
                      checked={form.statuses.includes(s.value)}
                      onChange={(e) =>
                        set({ statuses: e.target.checked ? [...form.statuses, s.value] : form.statuses.filter((x) => x !== s.value) })
                      }
                    />
                    {s.label}
                  </label>
                ))}
              </div>
              <span className="hint" id="eo-statuses-hint">
                Only objects eligible for replication under the bucket&apos;s enabled rules are picked.
              </span>
              {errors.statuses ? (
                <span className="error" role="alert">
                  {errors.statuses}
                </span>
              ) : null}
            </fieldset>
            <Field
              id="eo-bucket"
              label="Manifest and report bucket"
              hint={`Empty: the source bucket ${source || ""}. It must be in the source account and Region.`}
              error={errors.bucket}
            >
              <input
                className="input"
                autoComplete="off"
                spellCheck={false}
                placeholder={source}
                value={form.bucket}
                onChange={(e) => set({ bucket: e.target.value })}
                {...describedBy("eo-bucket", true, errors.bucket)}
              />
            </Field>
            <Field
              id="eo-prefix"
              label="Manifest and report prefix"
              hint="S3 writes the generated manifest and the completion report under PREFIX/job-ID/."
              error={errors.prefix}
            >
              <input
                className="input"
                autoComplete="off"
                spellCheck={false}
                value={form.prefix}
                onChange={(e) => set({ prefix: e.target.value })}
                {...describedBy("eo-prefix", true, errors.prefix)}
              />
            </Field>
            <div className="grid-2 grid-tight">
              <Field id="eo-scope" label="Completion report" error={errors.reportScope}>
                <select
                  className="select"
                  value={form.reportScope}
                  onChange={(e) => set({ reportScope: e.target.value as Form["reportScope"] })}
                  {...describedBy("eo-scope", null, errors.reportScope)}
                >
                  <option value="FailedTasksOnly">Failed tasks only</option>
                  <option value="AllTasks">All tasks</option>
                </select>
              </Field>
              <Field id="eo-priority" label="Job priority" hint="Higher runs first among your jobs." error={errors.priority}>
                <input
                  className="input"
                  type="number"
                  inputMode="numeric"
                  min={0}
                  value={typedPriority}
                  onChange={(e) => {
                    setPriorityText(e.target.value);
                    if (/^\d+$/.test(e.target.value)) set({ priority: Number(e.target.value) });
                  }}
                  {...describedBy("eo-priority", true, errors.priority)}
                />
              </Field>
            </div>
            <Field
              id="eo-role"
              label="Batch role name"
              hint="Trusted by batchoperations.s3.amazonaws.com; created in the source account if missing."
              error={errors.roleName}
            >
              <input
                className="input"
                autoComplete="off"
                spellCheck={false}
                placeholder={source ? deriveBatchRoleName(source) : ""}
                value={form.roleName}
                onChange={(e) => set({ roleName: e.target.value })}
                {...describedBy("eo-role", true, errors.roleName)}
              />
            </Field>
          </div>
        </fieldset>
        {on ? <BatchJobPanel ready={Object.keys(errors).length === 0 && batch !== undefined} /> : null}
        <div className="actions step-nav">
          <Link className="btn" href="/wizard/review">
            Back to Review
          </Link>
          <Link className="btn btn-primary" href="/wizard/verify">
            Next: Verify
          </Link>
        </div>
      </div>
      <section className="preview" aria-labelledby="eo-preview">
        <div className="preview-head">
          <h2 id="eo-preview">Batch role and job</h2>
        </div>
        {!on ? <p className="muted">Turn on Batch Replication to see the role and the job request.</p> : null}
        {on && !batch ? <p className="muted">Finish the earlier steps: the job follows your accounts and rule.</p> : null}
        {on && batch ? (
          <div className="stack">
            <ul className="plain-list">
              {batch.warnings.map((w) => (
                <li key={w.message}>{w.message}</li>
              ))}
            </ul>
            <p className="hint">
              Completion report: <span className="mono">{batch.report.uri}</span>
            </p>
            {batch.documents.map((d) => (
              <details key={d.id} className="doc-card" open data-doc={d.id}>
                <summary>
                  <span className="doc-title">{d.title}</span> <span className="badge">Source account</span>
                </summary>
                <div className="doc-body">
                  <JsonView text={prettyJson(d.after)} label={d.title} />
                  <div className="actions actions-tight">
                    <CopyButton text={prettyJson(d.after)} label={d.title} />
                  </div>
                </div>
              </details>
            ))}
          </div>
        ) : null}
      </section>
    </div>
  );
}
