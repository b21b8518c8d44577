"use client";
import { errorAt } from "../../_components/field-error";
import { CheckField, Field, describedBy } from "@/components/ui/field";
import { type WizardFormValues, defaultWizardInput, deriveRuleId, ruleStep } from "@/lib/schema/wizard";
import { StepFrame } from "../../_components/step-frame";
import { StepNav } from "../../_components/step-nav";
import { useStepForm } from "../../_components/use-step-form";
import { ScopeFields } from "./scope-fields";
import type { RuleForm as Form } from "./rule-types";

function initial(v: WizardFormValues): Form {
  const rule = { ...defaultWizardInput().rule, ...v.rule } as Form;
  return { ...rule, ruleId: rule.ruleId || deriveRuleId(v.accounts.destination.accountId, v.accounts.destination.bucket) };
}

const STORAGE = [
  "SAME_AS_SOURCE",
  "STANDARD",
  "STANDARD_IA",
  "ONEZONE_IA",
  "INTELLIGENT_TIERING",
  "GLACIER_IR",
  "GLACIER",
  "DEEP_ARCHIVE",
  "REDUCED_REDUNDANCY",
] as const;

export function RuleForm() {
  const { form, onNext, onBack, prev } = useStepForm<Form>("rule", ruleStep, initial);
  const { register, watch, formState, setValue } = form;
  const err = (name: string) => errorAt(formState.errors, name);
  const rtc = watch("rtc");
  const rtcField = register("rtc");
  return (
    <StepFrame step="rule" focus={["replication"]} prefixes={["rule", "source.replication", "source.versioning"]}>
      <form onSubmit={onNext} noValidate className="stack">
        <fieldset className="fieldset">
          <legend>Rule</legend>
          <div className="stack">
            <Field
              id="rule-ruleId"
              label="Rule ID"
              hint="Derived from the vault; Lockbridge recognises its own rule by this ID."
              error={err("ruleId")}
            >
              <input
                className="input"
                autoComplete="off"
                spellCheck={false}
                {...describedBy("rule-ruleId", true, err("ruleId"))}
                {...register("ruleId")}
              />
            </Field>
            <div className="grid-2 grid-tight">
              <Field id="rule-priority" label="Priority" hint="Unique per bucket; higher wins on overlap." error={err("priority")}>
                <input
                  className="input"
                  type="number"
                  inputMode="numeric"
                  min={0}
                  {...describedBy("rule-priority", true, err("priority"))}
                  {...register("priority", { valueAsNumber: true })}
                />
              </Field>
              <Field id="rule-status" label="Rule status" error={err("status")}>
                <select className="select" {...describedBy("rule-status", null, err("status"))} {...register("status")}>
                  <option value="Enabled">Enabled</option>
                  <option value="Disabled">Disabled</option>
                </select>
              </Field>
            </div>
          </div>
        </fieldset>
        <ScopeFields form={form} />
        <fieldset className="fieldset">
          <legend>Replicas</legend>
          <div className="stack">
            <Field
              id="rule-storageClass"
              label="Storage class"
              hint="Storage class of the replicas in the vault."
              error={err("storageClass")}
            >
              <select className="select" {...describedBy("rule-storageClass", true, err("storageClass"))} {...register("storageClass")}>
                {STORAGE.map((s) => (
                  <option key={s} value={s}>
                    {s === "SAME_AS_SOURCE" ? "Same as the source object" : s}
                  </option>
                ))}
              </select>
            </Field>
            <CheckField
              id="rule-ownerOverride"
              label="Owner override"
              hint="Replicas are owned by the vault account, so it can read them; the role also gets s3:ObjectOwnerOverrideToBucketOwner."
            >
              <input type="checkbox" {...describedBy("rule-ownerOverride", true, undefined)} {...register("ownerOverride")} />
            </CheckField>
            <CheckField
              id="rule-deleteMarkerReplication"
              label="Delete marker replication"
              error={err("deleteMarkerReplication")}
              hint="Off for a vault: a delete in the source would otherwise add a delete marker in the vault too, hiding the object there (the locked versions stay, but the vault looks deleted). Not possible with tag filters."
            >
              <input
                type="checkbox"
                {...describedBy("rule-deleteMarkerReplication", true, err("deleteMarkerReplication"))}
                {...register("deleteMarkerReplication")}
              />
            </CheckField>
            <CheckField
              id="rule-rtc"
              label="Replication Time Control"
              hint="S3 replicates 99.99% of new objects within 15 minutes (extra cost). Turns replication metrics on."
            >
              <input
                type="checkbox"
                {...describedBy("rule-rtc", true, undefined)}
                {...rtcField}
                onChange={(e) => {
                  void rtcField.onChange(e);
                  // S3 rejects RTC without metrics on the same rule, so turning RTC on turns metrics on.
                  if (e.target.checked) setValue("metrics", true, { shouldValidate: true });
                }}
              />
            </CheckField>
            <CheckField
              id="rule-metrics"
              label="Replication metrics"
              hint={rtc ? "Required by Replication Time Control." : "Bytes and operations pending, and replication latency, in CloudWatch."}
              error={err("metrics")}
            >
              <input type="checkbox" {...describedBy("rule-metrics", true, err("metrics"))} {...register("metrics")} />
            </CheckField>
            <CheckField
              id="rule-replicaModifications"
              label="Replica modification sync"
              hint="Also replicate metadata changes made to replicas back (two-way setups only)."
            >
              <input type="checkbox" {...describedBy("rule-replicaModifications", true, undefined)} {...register("replicaModifications")} />
            </CheckField>
          </div>
        </fieldset>
        <StepNav onBack={onBack} backLabel={prev?.label} nextLabel="Next: Review" />
      </form>
    </StepFrame>
  );
}
