"use client";
import { Field, describedBy } from "@/components/ui/field";
import type { FieldErrors } from "@/lib/schema/errors";
import type { useAccountsForm } from "./use-accounts-form";

type Props = {
  side: "source" | "destination";
  field: ReturnType<typeof useAccountsForm>["field"];
  errors: FieldErrors;
  /** Started from a vault's "Add a source": the vault's account, Region and bucket are fixed. */
  locked?: boolean;
};

const ACCESS_HINT = {
  role: "Lockbridge assumes this role with the server's credentials.",
  server: "Use the credentials the Lockbridge server runs with (they must belong to this account).",
  "plan-only": "Nothing is read or changed in this account: Review offers its half as an export.",
} as const;

/** The fields of one account: ID, Region, bucket and how to reach it. */
export function SideFields({ side, field, errors, locked = false }: Props) {
  const Label = side === "source" ? "Source" : "Destination";
  const error = (f: string) => errors[`${side}.${f}`];
  const access = field(`${side}.access`).value as keyof typeof ACCESS_HINT;
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
        <Field id={id("accountId")} label={`${Label} account ID`} error={error("accountId")}>
          <input
            className="input"
            inputMode="numeric"
            autoComplete="off"
            {...describedBy(id("accountId"), null, error("accountId"))}
            readOnly={locked}
            {...field(`${side}.accountId`)}
          />
        </Field>
        <Field id={id("region")} label={`${Label} region`} hint="e.g. eu-west-1" error={error("region")}>
          <input
            className="input"
            autoComplete="off"
            {...describedBy(id("region"), true, error("region"))}
            readOnly={locked}
            {...field(`${side}.region`)}
          />
        </Field>
        <Field id={id("bucket")} label={`${Label} bucket`} error={error("bucket")}>
          <input
            className="input"
            autoComplete="off"
            spellCheck={false}
            {...describedBy(id("bucket"), null, error("bucket"))}
            readOnly={locked}
            {...field(`${side}.bucket`)}
          />
        </Field>
        <Field id={id("access")} label={`${Label} access`} hint={ACCESS_HINT[access ?? "role"]} error={error("access")}>
          <select className="select" {...describedBy(id("access"), true, error("access"))} {...field(`${side}.access`)}>
            <option value="role">Assume a role</option>
            <option value="server">Use the server&apos;s own credentials</option>
            <option value="plan-only">Plan only (no access)</option>
          </select>
        </Field>
        {access === "role" ? (
          <>
            <Field id={id("roleArn")} label={`${Label} access role ARN`} error={error("roleArn")}>
              <input
                className="input"
                autoComplete="off"
                spellCheck={false}
                placeholder="arn:aws:iam::111122223333:role/LockbridgeAdmin"
                {...describedBy(id("roleArn"), null, error("roleArn"))}
                {...field(`${side}.roleArn`)}
              />
            </Field>
            <Field
              id={id("externalId")}
              label={`${Label} ExternalId (optional)`}
              hint="Only if the role's trust policy requires sts:ExternalId."
              error={error("externalId")}
            >
              <input
                className="input"
                autoComplete="off"
                spellCheck={false}
                {...describedBy(id("externalId"), true, error("externalId"))}
                {...field(`${side}.externalId`)}
              />
            </Field>
          </>
        ) : null}
      </div>
    </fieldset>
  );
}
