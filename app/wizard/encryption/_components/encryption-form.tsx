"use client";
import { errorAt } from "../../_components/field-error";
import { CheckField, Field, describedBy } from "@/components/ui/field";
import { type WizardFormValues, encryptionStep } from "@/lib/schema/wizard";
import { useDraft } from "../../_components/draft-provider";
import { StepFrame } from "../../_components/step-frame";
import { StepNav } from "../../_components/step-nav";
import { usePlan } from "../../_components/use-plan";
import { useStepForm } from "../../_components/use-step-form";
import { lockedHint, useVaultLock } from "../../../onboard/_components/wizard-seed";

type Form = { mode: "none" | "sse-kms"; sourceKeyArn: string; destinationKeyArn: string; bucketKeys: boolean };

const initial = (v: WizardFormValues): Form =>
  v.encryption.mode === "sse-kms"
    ? {
        mode: "sse-kms",
        sourceKeyArn: v.encryption.sourceKeyArn ?? "",
        destinationKeyArn: v.encryption.destinationKeyArn ?? "",
        bucketKeys: v.encryption.bucketKeys ?? true,
      }
    : { mode: "none", sourceKeyArn: "", destinationKeyArn: "", bucketKeys: true };

export function EncryptionForm() {
  const { values } = useDraft();
  const { form, onNext, onBack, prev } = useStepForm<Form>("encryption", encryptionStep, initial);
  const { register, watch, formState } = form;
  const mode = watch("mode");
  // What only the live state can tell (the key does not exist, is AWS managed or disabled) is said on
  // the field too, not only in the preview.
  const { view } = usePlan("encryption");
  const live = (field: string) =>
    view?.live && mode === "sse-kms" ? view.plan.errors.find((e) => e.path === `encryption.${field}`)?.message : undefined;
  const err = (name: string) => errorAt(formState.errors, name) ?? live(name);
  const { source, destination } = values.accounts;
  // "Add a source" from a vault page: the vault's encryption (mode, replica key, Bucket Keys) is fixed.
  const lock = useVaultLock(destination);
  return (
    <StepFrame
      step="encryption"
      focus={["keyPolicy", "permissions", "replication"]}
      prefixes={["encryption", "destination.keyPolicy", "source.rolePolicy"]}
    >
      <form onSubmit={onNext} noValidate className="stack">
        <fieldset className="fieldset">
          <legend>Objects and replicas</legend>
          <div className="stack">
            <Field
              id="encryption-mode"
              label="Encryption"
              hint={
                lock
                  ? lockedHint(lock.bucket)
                  : mode === "sse-kms"
                    ? "Objects encrypted with SSE-KMS in the source are replicated and re-encrypted with the vault's key."
                    : "Replicas keep S3-managed encryption (SSE-S3). SSE-KMS objects in the source would be skipped."
              }
              error={err("mode")}
            >
              {lock ? (
                <input className="input" readOnly {...describedBy("encryption-mode", true, err("mode"))} {...register("mode")} />
              ) : (
                <select className="select" {...describedBy("encryption-mode", true, err("mode"))} {...register("mode")}>
                  <option value="none">SSE-S3 (S3 managed keys)</option>
                  <option value="sse-kms">SSE-KMS (customer managed keys)</option>
                </select>
              )}
            </Field>
            {mode === "sse-kms" ? (
              <>
                <Field
                  id="encryption-sourceKeyArn"
                  label="Source KMS key ARN"
                  hint={`The key that encrypts the source objects: account ${source.accountId}, Region ${source.region}.`}
                  error={err("sourceKeyArn")}
                >
                  <input
                    className="input"
                    autoComplete="off"
                    spellCheck={false}
                    placeholder={`arn:aws:kms:${source.region}:${source.accountId}:key/…`}
                    {...describedBy("encryption-sourceKeyArn", true, err("sourceKeyArn"))}
                    {...register("sourceKeyArn")}
                  />
                </Field>
                <Field
                  id="encryption-destinationKeyArn"
                  label="Destination KMS key ARN"
                  hint={
                    lock
                      ? lockedHint(lock.bucket)
                      : `A customer managed symmetric key in account ${destination.accountId}, Region ${destination.region}. Full key ARN: an alias would resolve in the wrong account.`
                  }
                  error={err("destinationKeyArn")}
                >
                  <input
                    className="input"
                    autoComplete="off"
                    spellCheck={false}
                    placeholder={`arn:aws:kms:${destination.region}:${destination.accountId}:key/…`}
                    readOnly={!!lock}
                    {...describedBy("encryption-destinationKeyArn", true, err("destinationKeyArn"))}
                    {...register("destinationKeyArn")}
                  />
                </Field>
                {lock ? (
                  <p className="hint" data-testid="encryption-bucketKeys-locked">
                    S3 Bucket Keys on the vault: {watch("bucketKeys") ? "on" : "off"}. {lockedHint(lock.bucket)}
                  </p>
                ) : (
                  <CheckField
                    id="encryption-bucketKeys"
                    label="S3 Bucket Keys on the vault"
                    hint="Fewer KMS calls, lower cost. The replication role then also needs kms:Decrypt on the vault key."
                  >
                    <input type="checkbox" {...describedBy("encryption-bucketKeys", true, undefined)} {...register("bucketKeys")} />
                  </CheckField>
                )}
              </>
            ) : null}
          </div>
        </fieldset>
        <StepNav onBack={onBack} backLabel={prev?.label} nextLabel="Next: Destination bucket policy" />
      </form>
    </StepFrame>
  );
}
