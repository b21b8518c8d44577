"use client";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import type { AccountsStepInput, AccountsValidation } from "@/lib/schema/accounts";
import type { WizardFormValues } from "@/lib/schema/wizard";
import { type SavedConnection, useDraft } from "../../_components/draft-provider";
import { keepFocus } from "../../_components/step-nav";
import { accountsKey, bothPlanOnly, connectionCurrent, planOnlyConnection } from "../../_components/draft-keys";
import { type ConnectResult, checkAccounts, connectAccounts } from "../actions";
import { ConnectionSummary } from "./connection-summary";
import { SANDBOX_ACCOUNTS } from "./sandbox-values";
import { vaultLock } from "../../../onboard/_components/wizard-seed";
import { SideFields } from "./side-fields";
import { SIDES, useAccountsForm } from "./use-accounts-form";
import { withAccounts } from "./derived-names";

type Accounts = WizardFormValues["accounts"];

// The checks are wizardAccountsStep's, run on the server (checkAccounts). A refusal without fields (who is
// acting, the server's rules) or a server out of reach is shown on the first field, as Connect does.
const validate = async (values: AccountsStepInput): Promise<AccountsValidation> => {
  try {
    const r = await checkAccounts(values);
    if (r.ok) return r.validation;
    return { ok: false, errors: r.fieldErrors ?? { "source.accountId": r.message } };
  } catch {
    return { ok: false, errors: { "source.accountId": "Lockbridge's server did not answer: check that it is running, then try again." } };
  }
};

export function AccountsForm({ sandbox, defaultRegion }: { sandbox: boolean; defaultRegion: string }) {
  const draft = useDraft();
  const router = useRouter();
  const start = draft.values.accounts;
  const withRegion = (s: Accounts["source"]) => ({
    ...s,
    region: s.region || defaultRegion,
    roleArn: s.roleArn ?? "",
    externalId: s.externalId ?? "",
  });
  const { edit, setConnection, markCompleted } = draft;
  // Every edit goes into the draft at once (names derived from the buckets follow): nothing typed here is
  // lost by leaving the step. A Connect result stays bound to the accounts it was made for, so an edit
  // un-ticks this step and marks the steps built on it for review until the accounts are connected again.
  const onEdit = useCallback((accounts: AccountsStepInput) => edit((d) => withAccounts(d, accounts as Accounts)), [edit]);
  const form = useAccountsForm({ source: withRegion(start.source), destination: withRegion(start.destination) }, validate, onEdit);
  const { values: formValues, errors, field, handleSubmit, setError, reset, getValues } = form;
  const [result, setResult] = useState<ConnectResult | undefined>();
  const [pending, startTransition] = useTransition();

  // "Add a source" on a vault page locks the destination side to that vault (read after mount: local storage).
  const [locked, setLocked] = useState(false);
  useEffect(() => setLocked(vaultLock(start.destination) !== undefined), [start.destination]);

  /** Accounts proven (Connect) or plan-only (Continue): the draft keeps them with the connection. */
  const saveAccounts = async (connection: SavedConnection | undefined) => {
    const accounts = structuredClone(getValues()) as Accounts;
    edit((d) => withAccounts(d, accounts));
    setConnection(connection);
  };

  const onSubmit = handleSubmit((values) =>
    startTransition(async () => {
      setResult(undefined);
      const r = await connectAccounts(values);
      setResult(r);
      // A refusal without fields (who is acting, the server's rules) is shown on the first field.
      const fieldErrors = "kind" in r ? {} : { ...(r.fieldErrors ?? { "source.accountId": r.message }) };
      if ("kind" in r) {
        for (const side of SIDES) {
          const c = r[side];
          if (c.state === "failed") for (const [k, msg] of Object.entries(c.errors)) fieldErrors[`${side}.${k}`] = msg;
        }
        if (r.ok) await saveAccounts({ key: accountsKey(getValues() as Accounts), result: r });
        else setConnection(undefined);
      }
      for (const [path, message] of Object.entries(fieldErrors)) setError(path, message, true);
    }),
  );

  const values = formValues as Accounts;
  const planOnly = bothPlanOnly(values);
  const connected = connectionCurrent({ ...draft.values, accounts: values }, draft.connection);
  const canContinue = connected || planOnly;
  const shown = result ?? (connected ? draft.connection?.result : undefined);

  const goOn = () => {
    markCompleted("accounts");
    router.push("/wizard/object-lock");
  };
  // Both accounts plan-only: nothing to connect to, the form only has to be valid (validated as a submit).
  const onContinue = connected
    ? goOn
    : handleSubmit(async () => {
        await saveAccounts(planOnlyConnection({ ...draft.values, accounts: getValues() as Accounts }));
        goOn();
      });

  return (
    <form onSubmit={onSubmit} noValidate className="stack" aria-describedby="connect-status">
      {sandbox ? (
        <div className="notice">
          <strong>Sandbox accounts</strong>
          The emulator holds a source account 111111111111 and a vault account 222222222222, each with a LockbridgeAdmin role.{" "}
          <Button
            onClick={() => {
              reset(SANDBOX_ACCOUNTS);
              setResult(undefined);
              const accounts = structuredClone(getValues()) as Accounts;
              edit((d) => withAccounts(d, accounts));
            }}
          >
            Fill in the sandbox accounts
          </Button>
        </div>
      ) : null}
      <div className="grid-2">
        {SIDES.map((side) => (
          <SideFields key={side} side={side} field={field} errors={errors} locked={side === "destination" && locked} />
        ))}
      </div>
      <div className="actions">
        <Button type="submit" variant="primary" disabled={pending} onMouseDown={keepFocus}>
          {pending ? "Connecting…" : "Connect"}
        </Button>
        <Button
          variant={canContinue ? "primary" : "default"}
          onClick={onContinue}
          onMouseDown={keepFocus}
          disabled={!canContinue}
          aria-describedby="continue-hint"
        >
          Continue to Destination Object Lock
        </Button>
        <span id="continue-hint" className="hint">
          {canContinue
            ? planOnly
              ? "Plan only: nothing will be read or changed in either account."
              : "Both accounts are connected."
            : draft.connection?.result.ok
              ? "You changed the accounts after connecting: connect again to continue."
              : "Connect both accounts first."}
        </span>
      </div>
      <div id="connect-status" aria-live="polite">
        {shown ? <ConnectionSummary result={shown} /> : null}
      </div>
    </form>
  );
}
