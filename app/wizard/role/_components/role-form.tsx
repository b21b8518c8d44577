"use client";
import { errorAt } from "../../_components/field-error";
import { Field, describedBy } from "@/components/ui/field";
import { type WizardFormValues, deriveRoleName, roleStep } from "@/lib/schema/wizard";
import { StepFrame } from "../../_components/step-frame";
import { StepNav } from "../../_components/step-nav";
import { usePlan } from "../../_components/use-plan";
import { useStepForm } from "../../_components/use-step-form";

// Both variants' fields live in one form so switching back and forth keeps what was typed; the schema
// (a discriminated union on mode) ignores the other variant's fields.
type Form = { mode: "create" | "reuse"; roleName: string; path: string; role: string };

function initial(v: WizardFormValues): Form {
  const derived = deriveRoleName(v.accounts.source.bucket, v.accounts.destination.bucket);
  return v.role.mode === "reuse"
    ? { mode: "reuse", role: v.role.role, roleName: derived, path: "/service-role/" }
    : { mode: "create", roleName: v.role.roleName || derived, path: v.role.path ?? "/service-role/", role: "" };
}

export function RoleForm() {
  const { form, onNext, onBack, prev } = useStepForm<Form>("role", roleStep, initial);
  const { register, watch, formState } = form;
  const err = (name: string) => errorAt(formState.errors, name);
  const mode = watch("mode");
  // What only the live state can tell (the role does not exist in the source account) is said here, on
  // the field, not only in the preview.
  const { view } = usePlan("role");
  const liveProblem = view?.live && mode === "reuse" ? view.plan.errors.find((e) => e.path === "role.role")?.message : undefined;
  return (
    <StepFrame step="role" focus={["trust", "permissions"]} prefixes={["role", "source.role", "source.rolePolicy"]}>
      <form onSubmit={onNext} noValidate className="stack">
        <fieldset className="fieldset">
          <legend>Role</legend>
          <div className="stack">
            <div className="radio-group" role="radiogroup" aria-label="Create or reuse the replication role">
              <label className="radio">
                <input type="radio" value="create" {...register("mode")} /> Create a new role
              </label>
              <label className="radio">
                <input type="radio" value="reuse" {...register("mode")} /> Reuse an existing role
              </label>
            </div>
            {mode === "reuse" ? (
              <Field
                id="role-role"
                label="Existing role name or ARN"
                hint="A role in the source account. Lockbridge reads its policies and adds only what is missing."
                error={err("role") ?? liveProblem}
              >
                <input
                  className="input"
                  autoComplete="off"
                  spellCheck={false}
                  {...describedBy("role-role", true, err("role") ?? liveProblem)}
                  {...register("role")}
                />
              </Field>
            ) : (
              <>
                <Field
                  id="role-roleName"
                  label="Replication role name"
                  hint="Derived from the two bucket names; up to 64 characters."
                  error={err("roleName")}
                >
                  <input
                    className="input"
                    autoComplete="off"
                    spellCheck={false}
                    {...describedBy("role-roleName", true, err("roleName"))}
                    {...register("roleName")}
                  />
                </Field>
                <Field id="role-path" label="Role path" hint="AWS puts service roles under /service-role/." error={err("path")}>
                  <input
                    className="input"
                    autoComplete="off"
                    spellCheck={false}
                    {...describedBy("role-path", true, err("path"))}
                    {...register("path")}
                  />
                </Field>
              </>
            )}
          </div>
        </fieldset>
        <div className="notice">
          <strong>What the role may do</strong>
          Read the replication configuration and object versions (with their tags, retention and legal hold) of the source bucket; replicate
          objects, deletes and tags into the vault; with SSE-KMS, decrypt with the source key and encrypt with the vault key. The
          permissions policy in the preview lists every action.
        </div>
        <StepNav onBack={onBack} backLabel={prev?.label} nextLabel="Next: Encryption" />
      </form>
    </StepFrame>
  );
}
