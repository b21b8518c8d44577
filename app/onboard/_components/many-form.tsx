"use client";
// One plan for several source buckets into one vault: the picked buckets (of one or more connected
// accounts), the vault, retention and encryption, and one replication role per bucket or per account.
// "Plan these sources" sends the form (the action's own schema); the server builds and saves the plan,
// and the saved plan's page is where it is reviewed, approved and applied.
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, describedBy } from "@/components/ui/field";
import { DEFAULT_MANY_SETTINGS, manyPlanForm, type ManyPlanForm, type ManyPlanSettings, type ManyPlanSource } from "@/lib/schema/many";
import { planSources } from "../actions";
import { ConnectSources } from "./connect-sources";
import { addPickedSources, pickedSources, savePickedSources } from "./many-draft";
import styles from "./onboard.module.css";

type Vault = ManyPlanForm["vault"];
type Settings = ManyPlanSettings;

export function ManyForm({ defaultRegion, initialVault }: { defaultRegion: string; initialVault: Vault }) {
  const router = useRouter();
  const [sources, setSources] = useState<ManyPlanSource[]>([]);
  const [vault, setVault] = useState<Vault>(initialVault);
  const [s, setS] = useState<Settings>(DEFAULT_MANY_SETTINGS);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState("");
  const [busy, setBusy] = useState(false);

  // The buckets picked on the onboarding page (after Check) are in the browser's storage.
  useEffect(() => setSources(pickedSources()), []);

  const change = (list: ManyPlanSource[]) => {
    setSources(list);
    savePickedSources(list);
  };

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const form = { sources, vault, ...s };
    const parsed = manyPlanForm.safeParse(form);
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((i) => [i.path.join("."), i.message])));
      setMessage(parsed.error.issues[0]?.message ?? "Some fields need fixing.");
      return;
    }
    setBusy(true);
    setMessage("Reading every source account and the vault, then building the plan…");
    try {
      const r = await planSources(parsed.data);
      if (r.ok) {
        // A plan with problems is fixed by planning again: the picked buckets stay until it is clean.
        if (r.applyable) savePickedSources([]);
        router.push(`/plans/${r.id}`);
      } else {
        setErrors(r.fieldErrors ?? {});
        setMessage(r.message);
      }
    } catch (err) {
      setMessage(`Planning failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      setBusy(false);
    }
  };

  const vaultInput = (k: keyof Vault, label: string, hint?: string) => {
    const id = `vault-${k}`;
    const error = errors[`vault.${k}`];
    return (
      <Field id={id} label={label} hint={hint} error={error}>
        <input
          className="input"
          autoComplete="off"
          spellCheck={false}
          value={vault[k]}
          onChange={(e) => setVault({ ...vault, [k]: e.target.value })}
          {...describedBy(id, hint, error)}
        />
      </Field>
    );
  };

  const sourceError = (i: number) =>
    Object.entries(errors)
      .filter(([k]) => k.startsWith(`sources.${i}.`) && !k.endsWith(".sourceKeyArn"))
      .map(([, v]) => v)
      .join(" ");

  return (
    <form className="stack" onSubmit={submit} noValidate aria-labelledby="many-title">
      <section className="card stack-sm" aria-labelledby="many-sources-title">
        <h2 id="many-sources-title">1. Source buckets</h2>
        {sources.length === 0 ? (
          <p className="muted">No bucket picked yet: list the buckets of a connected source account below and add some.</p>
        ) : (
          <ul className={`stack-sm ${styles.sourceList}`} aria-label="Source buckets in this plan" data-testid="many-sources">
            {sources.map((x, i) => (
              <li key={`${x.accountId}/${x.bucket}`} className={`${styles.sourceGroup} stack-sm`} data-source={x.bucket}>
                <div className="actions">
                  <span>
                    <span className="mono">{x.bucket}</span> in <span className="mono">{x.accountId}</span> ({x.region}), through{" "}
                    <span className="mono">{x.roleArn.replace(/^arn:aws:iam::\d{12}:role\//, "")}</span>
                  </span>
                  <Button onClick={() => change(sources.filter((_, j) => j !== i))} aria-label={`Remove ${x.bucket}`}>
                    Remove
                  </Button>
                </div>
                {sourceError(i) ? (
                  <p className="error" role="alert">
                    {sourceError(i)}
                  </p>
                ) : null}
                {s.encryption === "sse-kms" ? (
                  <Field
                    id={`source-key-${i}`}
                    label={`Source key ARN for ${x.bucket}`}
                    hint="The customer-managed key of its SSE-KMS objects (in its account and Region)."
                    error={errors[`sources.${i}.sourceKeyArn`]}
                  >
                    <input
                      className="input mono"
                      spellCheck={false}
                      value={x.sourceKeyArn}
                      onChange={(e) => change(sources.map((y, j) => (j === i ? { ...y, sourceKeyArn: e.target.value } : y)))}
                      {...describedBy(`source-key-${i}`, true, errors[`sources.${i}.sourceKeyArn`])}
                    />
                  </Field>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {errors.sources ? (
          <p className="error" role="alert">
            {errors.sources}
          </p>
        ) : null}
        <ConnectSources
          defaultRegion={defaultRegion}
          inPlan={sources.map((x) => `${x.accountId}/${x.bucket}`)}
          onAdd={(added) => setSources(addPickedSources(added))}
        />
      </section>

      <section className="card stack-sm" aria-labelledby="many-vault-title">
        <h2 id="many-vault-title">2. Vault</h2>
        <div className="grid-2">
          {vaultInput("accountId", "Vault account ID")}
          {vaultInput("region", "Vault region")}
        </div>
        {vaultInput("bucket", "Vault bucket", "Receives every replica; Object Lock is turned on if it is not yet.")}
        <div className="grid-2">
          {vaultInput("roleArn", "Vault access role ARN")}
          {vaultInput("externalId", "Vault ExternalId (optional)")}
        </div>
      </section>

      <section className="card stack-sm" aria-labelledby="many-protect-title">
        <h2 id="many-protect-title">3. Retention and encryption</h2>
        <div className="grid-2">
          <Field id="many-retention" label="Default retention" error={errors.retention}>
            <select
              className="select"
              value={s.retention}
              onChange={(e) => setS({ ...s, retention: e.target.value as Settings["retention"] })}
              {...describedBy("many-retention", false, errors.retention)}
            >
              <option value="keep">Keep the vault&apos;s current default retention</option>
              <option value="GOVERNANCE">GOVERNANCE</option>
              <option value="COMPLIANCE">COMPLIANCE (nobody can shorten it)</option>
            </select>
          </Field>
          {s.retention !== "keep" ? (
            <div className="grid-2">
              <Field id="many-retention-value" label="Retention period" error={errors.retentionValue}>
                <input
                  className="input"
                  inputMode="numeric"
                  value={s.retentionValue}
                  onChange={(e) => setS({ ...s, retentionValue: e.target.value })}
                  {...describedBy("many-retention-value", false, errors.retentionValue)}
                />
              </Field>
              <Field id="many-retention-unit" label="Retention unit">
                <select
                  className="select"
                  value={s.retentionUnit}
                  onChange={(e) => setS({ ...s, retentionUnit: e.target.value as Settings["retentionUnit"] })}
                  id="many-retention-unit"
                >
                  <option value="Days">Days</option>
                  <option value="Years">Years</option>
                </select>
              </Field>
            </div>
          ) : null}
        </div>
        {s.retention !== "keep" ? (
          <Field
            id="many-downgrade"
            label="Confirm weaker retention (only when asked)"
            hint="If the vault has a stronger default retention now, the plan refuses and names the phrase to type here."
            error={errors.downgradeConfirmation}
          >
            <input
              className="input mono"
              autoComplete="off"
              spellCheck={false}
              value={s.downgradeConfirmation}
              onChange={(e) => setS({ ...s, downgradeConfirmation: e.target.value })}
              {...describedBy("many-downgrade", true, errors.downgradeConfirmation)}
            />
          </Field>
        ) : null}
        <fieldset className={styles.radios}>
          <legend>Replica encryption</legend>
          <label>
            <input
              type="radio"
              name="many-encryption"
              checked={s.encryption === "none"}
              onChange={() => setS({ ...s, encryption: "none" })}
            />{" "}
            None / SSE-S3
          </label>
          <label>
            <input
              type="radio"
              name="many-encryption"
              checked={s.encryption === "sse-kms"}
              onChange={() => setS({ ...s, encryption: "sse-kms" })}
            />{" "}
            SSE-KMS with a key of the vault account
          </label>
        </fieldset>
        {s.encryption === "sse-kms" ? (
          <Field
            id="many-replica-key"
            label="Replica key ARN"
            hint="A customer-managed symmetric key in the vault's account and Region, as a full key ARN."
            error={errors.replicaKeyArn}
          >
            <input
              className="input mono"
              spellCheck={false}
              value={s.replicaKeyArn}
              onChange={(e) => setS({ ...s, replicaKeyArn: e.target.value })}
              {...describedBy("many-replica-key", true, errors.replicaKeyArn)}
            />
          </Field>
        ) : null}
      </section>

      <section className="card stack-sm" aria-labelledby="many-roles-title">
        <h2 id="many-roles-title">4. Replication roles</h2>
        <fieldset className={styles.radios}>
          <legend>Replication roles</legend>
          <label>
            <input type="radio" name="many-roles" checked={s.roles === "per-bucket"} onChange={() => setS({ ...s, roles: "per-bucket" })} />{" "}
            One role per bucket
          </label>
          <label>
            <input
              type="radio"
              name="many-roles"
              checked={s.roles === "per-account"}
              onChange={() => setS({ ...s, roles: "per-account" })}
            />{" "}
            One role per account (its buckets share it)
          </label>
        </fieldset>
        <p className="hint">
          Either way the vault&apos;s bucket policy and key policy are written once, with every role; statements Lockbridge did not write
          stay as they are.
        </p>
      </section>

      <div className="actions">
        <Button type="submit" variant="primary" disabled={busy || sources.length === 0} aria-busy={busy || undefined}>
          Plan these sources
        </Button>
        <span role="status" aria-live="polite">
          {message}
        </span>
      </div>
    </form>
  );
}
