"use client";
// Check: assume the new role with this onboarding's ExternalId, prove the identity, read what the plans
// need and simulate the rest. Then, for a source, list its buckets and continue in the wizard.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, describedBy } from "@/components/ui/field";
import type { CheckResult } from "@/lib/aws/onboard-check";
import type { BucketSummary } from "@/lib/aws/onboard";
import { type Bootstrap, checkOnboarding, listBuckets } from "../actions";
import styles from "./onboard.module.css";
import { BucketTable } from "./bucket-table";
import { addPickedSources } from "./many-draft";
import { seedWizardSide } from "./wizard-seed";

export function CheckPanel({ b }: { b: Bootstrap }) {
  const router = useRouter();
  const [roleArn, setRoleArn] = useState(b.roleArn);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<CheckResult>();
  const [error, setError] = useState("");
  const [buckets, setBuckets] = useState<BucketSummary[]>();
  const [picked, setPicked] = useState<string[]>([]);

  const check = async () => {
    setBusy(true);
    setError("");
    setResult(undefined);
    try {
      const r = await checkOnboarding({
        part: b.part,
        accountId: b.accountId,
        region: b.region,
        buckets: b.buckets.join("\n"),
        keyArns: b.keyArns.join("\n"),
        replicationRolePath: b.replicationRolePath,
        roleArn,
        externalId: b.externalId,
      });
      if (!r.ok) setError(r.fieldErrors ? Object.values(r.fieldErrors).join(" ") : r.message);
      else {
        setResult(r.result);
        if (r.result.ok && b.part === "source") {
          const l = await listBuckets({ accountId: b.accountId, region: b.region, roleArn, externalId: b.externalId });
          if (l.ok) {
            setBuckets(l.buckets);
            setPicked(b.buckets.filter((n) => l.buckets.some((x) => x.name === n)).slice(0, 1));
          } else setError(l.message);
        }
      }
    } finally {
      setBusy(false);
    }
  };

  const continueInWizard = () => {
    const side = b.part === "source" ? "source" : "destination";
    seedWizardSide(side, {
      accountId: b.accountId,
      region: b.region,
      bucket: side === "source" ? (picked[0] ?? "") : (b.buckets[0] ?? ""),
      access: "role",
      roleArn,
      externalId: b.externalId,
    });
    router.push("/wizard/accounts");
  };

  /** Several buckets: they go to the plan page, where buckets of other accounts can join them. */
  const planThese = () => {
    addPickedSources(
      picked.map((bucket) => ({ accountId: b.accountId, region: b.region, bucket, roleArn, externalId: b.externalId, sourceKeyArn: "" })),
    );
    router.push("/onboard/plan");
  };

  return (
    <section className="card stack" aria-labelledby="check-title">
      <h2 id="check-title">3. Check</h2>
      <Field id="check-roleArn" label="Access role ARN" hint="As created by the bootstrap (its output shows it).">
        <input
          className="input"
          value={roleArn}
          onChange={(e) => setRoleArn(e.target.value)}
          spellCheck={false}
          {...describedBy("check-roleArn", true, undefined)}
        />
      </Field>
      <Field id="check-externalId" label="ExternalId" hint="Generated for this onboarding; the role's trust policy requires it.">
        <input className="input" value={b.externalId} readOnly {...describedBy("check-externalId", true, undefined)} />
      </Field>
      <div className="actions">
        <Button variant="primary" onClick={check} disabled={busy} aria-busy={busy || undefined}>
          Check
        </Button>
        <span role="status" aria-live="polite">
          {busy
            ? "Checking…"
            : result
              ? result.ok
                ? "The access role works: nothing is missing."
                : "Something is missing: see below."
              : ""}
        </span>
      </div>
      {error ? (
        <div className="notice notice-error" role="alert">
          {error}
        </div>
      ) : null}
      {result ? (
        <ul className="stack-sm" aria-label="Check results" data-testid="check-results">
          {result.items.map((i) => (
            <li key={i.label}>
              <span className={i.ok ? "text-ok" : "text-bad"}>{i.ok ? "OK" : "Missing"}</span> {i.label}:{" "}
              <span className="muted">{i.detail}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {result?.missing.statement ? (
        <div className="stack-sm">
          <p>Add this statement to the access role (or run the bootstrap again):</p>
          <pre className={styles.code} tabIndex={0} aria-label="Missing permissions statement">
            {JSON.stringify(result.missing.statement, null, 2)}
          </pre>
        </div>
      ) : null}
      {buckets ? (
        <div className="stack-sm">
          <h3>Buckets in {b.accountId}</h3>
          <BucketTable
            buckets={buckets}
            picked={picked}
            onPick={setPicked}
            verb="Protect"
            caption="Buckets of the account"
            testId="account-buckets"
            idPrefix="pick-"
          />
          <p className="hint">Buckets the access role was not made for cannot be read (not readable) and cannot be picked.</p>
        </div>
      ) : null}
      {result?.ok ? (
        <div className="actions">
          {b.part === "source" ? (
            <Button variant="primary" onClick={planThese} disabled={picked.length === 0}>
              Plan these sources
            </Button>
          ) : null}
          <Button onClick={continueInWizard} disabled={b.part === "source" && picked.length === 0}>
            Continue in the wizard
          </Button>
          <span className="hint">
            {b.part === "source"
              ? `Plan these sources: one plan for every picked bucket (add buckets of other accounts there). The wizard takes one: ${picked[0] ?? "the first picked bucket"}.`
              : `The wizard's destination becomes ${b.buckets[0]} in ${b.accountId}.`}
          </span>
        </div>
      ) : null}
    </section>
  );
}
