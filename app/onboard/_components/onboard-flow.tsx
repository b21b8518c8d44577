"use client";
// Onboard an account: choose its part and buckets → the bootstrap (three forms) → run it → Check →
// for a source, pick buckets and continue in the wizard. Every field has a visible label; results are
// announced in live regions.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, describedBy } from "@/components/ui/field";
import { type Bootstrap, generateBootstrap } from "../actions";
import { CheckPanel } from "./check-panel";
import styles from "./onboard.module.css";
import { BootstrapOutputs } from "./outputs";

type Values = {
  part: "source" | "vault";
  accountId: string;
  region: string;
  buckets: string;
  keyArns: string;
  replicationRolePath: string;
  accessRoleName: string;
  templateUrl: string;
};

export function OnboardFlow({ defaultRegion, initialAccount }: { defaultRegion: string; initialAccount: string }) {
  const [v, setV] = useState<Values>({
    part: "source",
    accountId: initialAccount,
    region: defaultRegion,
    buckets: "",
    keyArns: "",
    replicationRolePath: "/service-role/",
    accessRoleName: "LockbridgeAccess",
    templateUrl: "",
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState("");
  const [busy, setBusy] = useState(false);
  const [bootstrap, setBootstrap] = useState<Bootstrap>();
  const set = (k: keyof Values) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => setV({ ...v, [k]: e.target.value });

  const generate = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setMessage("");
    try {
      const r = await generateBootstrap(v);
      if (r.ok) {
        setBootstrap(r);
        setErrors({});
        setMessage(`Bootstrap ready for account ${r.accountId}: run one of the three below in that account, then Check.`);
      } else {
        setErrors(r.fieldErrors ?? {});
        setMessage(r.message);
        setBootstrap(undefined);
      }
    } finally {
      setBusy(false);
    }
  };

  const text = (k: keyof Values, label: string, hint?: string, multiline = false) => (
    <Field id={`onboard-${k}`} label={label} hint={hint} error={errors[k]}>
      {multiline ? (
        <textarea
          className="input"
          rows={3}
          spellCheck={false}
          value={v[k]}
          onChange={set(k)}
          {...describedBy(`onboard-${k}`, hint, errors[k])}
        />
      ) : (
        <input
          className="input"
          autoComplete="off"
          spellCheck={false}
          value={v[k]}
          onChange={set(k)}
          {...describedBy(`onboard-${k}`, hint, errors[k])}
        />
      )}
    </Field>
  );

  return (
    <div className="stack">
      <form className="card stack" onSubmit={generate} noValidate aria-labelledby="onboard-form-title">
        <h2 id="onboard-form-title">1. The account</h2>
        <fieldset className={styles.radios}>
          <legend>Account part</legend>
          <label>
            <input type="radio" name="part" value="source" checked={v.part === "source"} onChange={() => setV({ ...v, part: "source" })} />{" "}
            Source (its buckets are replicated)
          </label>
          <label>
            <input type="radio" name="part" value="vault" checked={v.part === "vault"} onChange={() => setV({ ...v, part: "vault" })} />{" "}
            Vault (receives the replicas)
          </label>
        </fieldset>
        <div className="grid-2">
          {text("accountId", "Account ID")}
          {text("region", "Region", "The buckets' Region, e.g. eu-west-1")}
        </div>
        {text("buckets", "Buckets", "One per line (or comma separated). The role can act on these buckets only.", true)}
        {text(
          "keyArns",
          "KMS key ARNs (optional)",
          v.part === "vault"
            ? "The replica key(s): the role may merge Lockbridge's statement into their key policy."
            : "Source keys of SSE-KMS objects: the role may describe them.",
          true,
        )}
        <div className="grid-2">
          {v.part === "source"
            ? text("replicationRolePath", "Replication role path", "Replication roles are created and extended only under this path.")
            : null}
          {text("accessRoleName", "Access role name")}
        </div>
        {text(
          "templateUrl",
          "Template URL (optional)",
          "Where you uploaded the CloudFormation template (an https S3 URL), for the console's quick-create link.",
        )}
        <div className="actions">
          <Button type="submit" variant="primary" disabled={busy} aria-busy={busy || undefined}>
            Generate the bootstrap
          </Button>
          <span role="status" aria-live="polite">
            {message}
          </span>
        </div>
      </form>
      {bootstrap ? (
        <section className="stack" aria-labelledby="bootstrap-title">
          <h2 id="bootstrap-title">2. Create the access role in {bootstrap.accountId}</h2>
          <p>
            Run one of these with an administrator of account <span className="mono">{bootstrap.accountId}</span>. The role trusts only this
            server&apos;s principal, and only with the ExternalId below.
          </p>
          <BootstrapOutputs b={bootstrap} />
          <CheckPanel b={bootstrap} />
        </section>
      ) : null}
    </div>
  );
}
