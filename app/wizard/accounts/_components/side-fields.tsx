"use client";
import type { FieldErrors as RhfErrors, UseFormRegister, UseFormWatch } from "react-hook-form";
import { Field, describedBy } from "@/components/ui/field";
import type { AccountsStepInput } from "@/lib/schema/accounts";

type Props = {
  side: "source" | "destination";
  register: UseFormRegister<AccountsStepInput>;
  watch: UseFormWatch<AccountsStepInput>;
  errors: RhfErrors<AccountsStepInput>;
  /** Started from a vault's "Add a source": the vault's account, Region and bucket are fixed. */
  locked?: boolean;
};

const ACCESS_HINT = {
  role: "Lockbridge assumes this role with the server's credentials.",
  server: "Use the credentials the Lockbridge server runs with (they must belong to this account).",
  "plan-only": "Nothing is read or changed in this account: Review offers its half as an export.",
} as const;

/** The fields of one account: ID, Region, bucket and how to reach it. */
export function SideFields({ side, register, watch, errors, locked = false }: Props) {
  const Label = side === "source" ? "Source" : "Destination";
  const e = errors[side];
  const access = watch(`${side}.access`);
  const id = (f: string) => `${side}-${f}`;
  return (
    <fieldset className="fieldset">
      <legend>{Label}</legend>
      <div className="stack">
        {locked ? (
          <p className="hint" data-testid={`${side}-locked`}>
            Locked to the vault you are adding a source to.
          </p>
        ) : null}
        <Field id={id("accountId")} label={`${Label} account ID`} error={e?.accountId?.message}>
          <input
            className="input"
            inputMode="numeric"
            autoComplete="off"
            {...describedBy(id("accountId"), null, e?.accountId?.message)}
            readOnly={locked}
            {...register(`${side}.accountId`)}
          />
        </Field>
        <Field id={id("region")} label={`${Label} region`} hint="e.g. eu-west-1" error={e?.region?.message}>
          <input
            className="input"
            autoComplete="off"
            {...describedBy(id("region"), true, e?.region?.message)}
            readOnly={locked}
            {...register(`${side}.region`)}
          />
        </Field>
        <Field id={id("bucket")} label={`${Label} bucket`} error={e?.bucket?.message}>
          <input
            className="input"
            autoComplete="off"
            spellCheck={false}
            {...describedBy(id("bucket"), null, e?.bucket?.message)}
            readOnly={locked}
            {...register(`${side}.bucket`)}
          />
        </Field>
        <Field id={id("access")} label={`${Label} access`} hint={ACCESS_HINT[access ?? "role"]} error={e?.access?.message}>
          <select className="select" {...describedBy(id("access"), true, e?.access?.message)} {...register(`${side}.access`)}>
            <option value="role">Assume a role</option>
            <option value="server">Use the server&apos;s own credentials</option>
            <option value="plan-only">Plan only (no access)</option>
          </select>
        </Field>
        {access === "role" ? (
          <>
            <Field id={id("roleArn")} label={`${Label} access role ARN`} error={e?.roleArn?.message}>
              <input
                className="input"
                autoComplete="off"
                spellCheck={false}
                placeholder="arn:aws:iam::111122223333:role/LockbridgeAdmin"
                {...describedBy(id("roleArn"), null, e?.roleArn?.message)}
                {...register(`${side}.roleArn`)}
              />
            </Field>
            <Field
              id={id("externalId")}
              label={`${Label} ExternalId (optional)`}
              hint="Only if the role's trust policy requires sts:ExternalId."
              error={e?.externalId?.message}
            >
              <input
                className="input"
                autoComplete="off"
                spellCheck={false}
                {...describedBy(id("externalId"), true, e?.externalId?.message)}
                {...register(`${side}.externalId`)}
              />
            </Field>
          </>
        ) : null}
      </div>
    </fieldset>
  );
}
