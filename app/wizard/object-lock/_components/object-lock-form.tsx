"use client";
import { errorAt } from "../../_components/field-error";
import { useState } from "react";
import { CheckField, Field, describedBy } from "@/components/ui/field";
import { type WizardFormValues, objectLockStep } from "@/lib/schema/wizard";
import { useDraft } from "../../_components/draft-provider";
import { StepFrame } from "../../_components/step-frame";
import { StepNav } from "../../_components/step-nav";
import { confirmationFor, isConfirmed } from "../../_components/draft-keys";
import { usePlan } from "../../_components/use-plan";
import { useStepForm } from "../../_components/use-step-form";
import { type RetentionDowngrade, retentionDowngrade } from "@/lib/plan";
import { lockedHint, useVaultLock } from "../../../onboard/_components/wizard-seed";
import { ConfirmIrreversible } from "./confirm-irreversible";

type Form = {
  retention: { enabled: boolean; mode: "GOVERNANCE" | "COMPLIANCE"; unit: "Days" | "Years"; value: number };
  downgradeConfirmation: string;
};

const initial = (v: WizardFormValues): Form => ({
  retention: { enabled: false, mode: "GOVERNANCE", unit: "Days", value: 1, ...v.objectLock?.retention },
  downgradeConfirmation: v.objectLock?.downgradeConfirmation ?? "",
});

/** The weaker retention the live plan would write, if any (the plan knows the vault's current retention). */
function useDowngrade(): RetentionDowngrade | undefined {
  const { view } = usePlan("objectLock");
  const lock = view?.plan.changes.find((c) => c.id === "destination.objectLock");
  return lock?.action === "PutObjectLockConfiguration" && lock.kind !== "no-op" ? retentionDowngrade(lock.before, lock.after) : undefined;
}

const MODE_HINT = {
  GOVERNANCE: "GOVERNANCE: users with s3:BypassGovernanceRetention can still shorten or remove a lock.",
  COMPLIANCE: "COMPLIANCE: nobody, including the root user, can shorten the retention or delete a locked version.",
} as const;

export function ObjectLockForm() {
  const draft = useDraft();
  const [confirmError, setConfirmError] = useState<string | undefined>();
  const confirmed = () => isConfirmed(draft.values, draft.confirmation);
  const { form, onNext, onBack, prev } = useStepForm<Form>("object-lock", objectLockStep, initial, confirmed);
  const { register, watch, formState } = form;
  const err = (name: string) => errorAt(formState.errors, name);
  const r = watch("retention");
  const bucket = draft.values.accounts.destination.bucket;
  const downgrade = useDowngrade();
  // "Add a source" from a vault page: the vault's retention is fixed; its fields are read-only.
  const lock = useVaultLock(draft.values.accounts.destination);

  // A confirmation given for another bucket or retention no longer counts: say why it is asked again.
  const want = confirmationFor(draft.values);
  const stale = draft.confirmation && !confirmed() && draft.confirmation.bucket === want.bucket;

  const submit = (e: React.FormEvent<HTMLFormElement>) => {
    if (!confirmed()) setConfirmError(`Type ${bucket} exactly to confirm; the step cannot continue without it.`);
    return onNext(e);
  };

  return (
    <StepFrame step="objectLock" focus={["objectLock"]} prefixes={["objectLock", "destination.objectLock", "destination.versioning"]}>
      <form onSubmit={submit} noValidate className="stack">
        <div className="notice">
          <strong>Object Lock on {bucket}</strong>
          Lockbridge enables versioning, then Object Lock, on the vault in account {draft.values.accounts.destination.accountId}. A vault is
          the point of this product, so Object Lock is not optional.
        </div>
        <fieldset className="fieldset">
          <legend>Default retention</legend>
          <div className="stack">
            {lock ? (
              <p className="hint" id="objectLock-locked-note" data-testid="objectLock-locked">
                {r?.enabled
                  ? `Default retention ${r.mode}, ${r.value} ${r.unit === "Years" ? "year(s)" : "day(s)"}. ${lockedHint(lock.bucket)}`
                  : `No default retention is set by this plan: the vault keeps its own. ${lockedHint(lock.bucket)}`}
              </p>
            ) : null}
            {lock && r?.enabled ? (
              <div className="grid-2">
                <Field id="objectLock-mode" label="Default retention mode">
                  <input
                    className="input"
                    id="objectLock-mode"
                    readOnly
                    aria-describedby="objectLock-locked-note"
                    {...register("retention.mode")}
                  />
                </Field>
                <Field id="objectLock-unit" label="Default retention unit">
                  <input
                    className="input"
                    id="objectLock-unit"
                    readOnly
                    aria-describedby="objectLock-locked-note"
                    {...register("retention.unit")}
                  />
                </Field>
                <Field id="objectLock-value" label={`Default retention ${r.unit === "Years" ? "years" : "days"}`}>
                  <input
                    className="input"
                    id="objectLock-value"
                    readOnly
                    aria-describedby="objectLock-locked-note"
                    {...register("retention.value", { valueAsNumber: true })}
                  />
                </Field>
              </div>
            ) : null}
            {lock ? null : (
              <CheckField
                id="objectLock-enabled"
                label="Set a default retention"
                hint="Applied to every new object version, replicas included. Off: the bucket keeps the default retention it has now (none on a new vault)."
              >
                <input type="checkbox" {...describedBy("objectLock-enabled", true, undefined)} {...register("retention.enabled")} />
              </CheckField>
            )}
            {!lock && r?.enabled ? (
              <>
                <Field
                  id="objectLock-mode"
                  label="Default retention mode"
                  hint={MODE_HINT[r.mode ?? "GOVERNANCE"]}
                  error={err("retention.mode")}
                >
                  <select
                    className="select"
                    {...describedBy("objectLock-mode", true, err("retention.mode"))}
                    {...register("retention.mode")}
                  >
                    <option value="GOVERNANCE">GOVERNANCE</option>
                    <option value="COMPLIANCE">COMPLIANCE</option>
                  </select>
                </Field>
                <div className="stack">
                  <Field id="objectLock-unit" label="Default retention unit" error={err("retention.unit")}>
                    <select
                      className="select"
                      {...describedBy("objectLock-unit", null, err("retention.unit"))}
                      {...register("retention.unit")}
                    >
                      <option value="Days">Days</option>
                      <option value="Years">Years</option>
                    </select>
                  </Field>
                  <Field
                    id="objectLock-value"
                    label={`Default retention ${r.unit === "Years" ? "years" : "days"}`}
                    hint={r.unit === "Years" ? "At most 100 years." : "At most 100 years (36,500 days)."}
                    error={err("retention.value")}
                  >
                    <input
                      className="input"
                      type="number"
                      inputMode="numeric"
                      min={1}
                      {...describedBy("objectLock-value", true, err("retention.value"))}
                      {...register("retention.value", { valueAsNumber: true })}
                    />
                  </Field>
                </div>
              </>
            ) : null}
            {downgrade || watch("downgradeConfirmation") ? (
              <div className="notice notice-error stack-sm">
                <strong>{downgrade ? `Weaker retention: ${downgrade.from} to ${downgrade.to}` : "Weaker retention"}</strong>
                {downgrade
                  ? `The vault ${bucket} has ${downgrade.from} now. Every object version written afterwards, replicas included, would be less protected. Keep the current retention, or type the change below to do it on purpose.`
                  : "The retention chosen no longer weakens the vault's current one; clear this confirmation."}
                <Field
                  id="objectLock-downgrade"
                  label="Confirm weaker retention"
                  hint={
                    downgrade ? (
                      <>
                        Type <span className="mono">{downgrade.phrase}</span> exactly.
                      </>
                    ) : undefined
                  }
                  error={err("downgradeConfirmation")}
                >
                  <input
                    className="input mono"
                    autoComplete="off"
                    spellCheck={false}
                    {...describedBy("objectLock-downgrade", !!downgrade, err("downgradeConfirmation"))}
                    {...register("downgradeConfirmation")}
                  />
                </Field>
              </div>
            ) : null}
          </div>
        </fieldset>
        <ConfirmIrreversible
          bucket={bucket}
          compliance={!!r?.enabled && r.mode === "COMPLIANCE"}
          error={confirmed() ? undefined : confirmError}
          onError={setConfirmError}
          stale={!!stale}
        />
        <StepNav onBack={onBack} backLabel={prev?.label} nextLabel="Next: Replication role" />
      </form>
    </StepFrame>
  );
}
