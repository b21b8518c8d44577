"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { type AccountsStep, type AccountsStepInput, accountsStep } from "@/lib/schema/accounts";
import { type ConnectResult, connectAccounts } from "../actions";
import { ConnectionSummary } from "./connection-summary";
import { SANDBOX_ACCOUNTS } from "./sandbox-values";
import { SideFields } from "./side-fields";

const SIDES = ["source", "destination"] as const;

export function AccountsForm({ sandbox, defaultRegion }: { sandbox: boolean; defaultRegion: string }) {
  const blank = { accountId: "", region: defaultRegion, bucket: "", access: "role" as const, roleArn: "", externalId: "" };
  const form = useForm<AccountsStepInput, unknown, AccountsStep>({
    resolver: zodResolver(accountsStep),
    mode: "onBlur",
    reValidateMode: "onChange",
    defaultValues: { source: blank, destination: { ...blank } },
  });
  const { register, watch, handleSubmit, setError, reset, formState } = form;
  const [result, setResult] = useState<ConnectResult | undefined>();
  const [pending, startTransition] = useTransition();

  const onSubmit = handleSubmit((values) =>
    startTransition(async () => {
      setResult(undefined);
      const r = await connectAccounts(values);
      setResult(r);
      const fieldErrors = "fieldErrors" in r ? r.fieldErrors : {};
      if ("kind" in r) {
        for (const side of SIDES) {
          const c = r[side];
          if (c.state === "failed") for (const [k, msg] of Object.entries(c.errors)) fieldErrors[`${side}.${k}`] = msg;
        }
      }
      for (const [path, message] of Object.entries(fieldErrors)) {
        setError(path as Parameters<typeof setError>[0], { type: "server", message }, { shouldFocus: true });
      }
    }),
  );

  const connected = result && "kind" in result && result.ok;
  return (
    <form onSubmit={onSubmit} noValidate className="stack" aria-describedby="connect-status">
      {sandbox ? (
        <div className="notice">
          <strong>Sandbox accounts</strong>
          The emulator holds a source account 111111111111 and a vault account 222222222222, each with a LockbridgeAdmin role.{" "}
          <Button onClick={() => { reset(SANDBOX_ACCOUNTS); setResult(undefined); }}>Fill in the sandbox accounts</Button>
        </div>
      ) : null}
      <div className="grid-2">
        {SIDES.map((side) => (
          <SideFields key={side} side={side} register={register} watch={watch} errors={formState.errors} />
        ))}
      </div>
      <div className="actions">
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? "Connecting…" : "Connect"}
        </Button>
        <Button variant="default" disabled={!connected} aria-disabled={!connected} title={connected ? undefined : "Connect both accounts first"}>
          Continue to Destination Object Lock
        </Button>
      </div>
      <div id="connect-status" aria-live="polite">
        {result ? <ConnectionSummary result={result} /> : null}
      </div>
    </form>
  );
}
