"use client";
// Add buckets of a connected source account to the plan: its access role (from onboarding) lists the
// account's buckets with what matters for replication; the person picks some and adds them.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, describedBy } from "@/components/ui/field";
import type { BucketSummary } from "@/lib/aws/onboard";
import type { ManyPlanSource } from "@/lib/schema/many";
import { listBuckets } from "../actions";
import { BucketTable } from "./bucket-table";
import styles from "./onboard.module.css";

type Reach = { accountId: string; region: string; roleArn: string; externalId: string };

export function ConnectSources({
  defaultRegion,
  inPlan = [],
  onAdd,
}: {
  defaultRegion: string;
  /** "<account>/<bucket>" of the sources already in the plan: listed, but not offered again. */
  inPlan?: string[];
  onAdd: (added: ManyPlanSource[]) => void;
}) {
  const [r, setR] = useState<Reach>({ accountId: "", region: defaultRegion, roleArn: "", externalId: "" });
  const [listed, setListed] = useState<{ reach: Reach; buckets: BucketSummary[] }>();
  const [picked, setPicked] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState("");
  const [busy, setBusy] = useState(false);

  const list = async () => {
    setBusy(true);
    setMessage("");
    try {
      const res = await listBuckets({ ...r, accountId: r.accountId.trim(), roleArn: r.roleArn.trim(), externalId: r.externalId.trim() });
      if (res.ok) {
        setListed({ reach: r, buckets: res.buckets });
        setPicked([]);
        setErrors({});
        setMessage(`${res.buckets.length} bucket(s) in ${r.accountId}.`);
      } else {
        setErrors(res.fieldErrors ?? {});
        setMessage(res.message);
      }
    } finally {
      setBusy(false);
    }
  };

  const add = () => {
    if (!listed) return;
    const { reach } = listed;
    onAdd(picked.map((bucket) => ({ ...reach, bucket, sourceKeyArn: "" })));
    setMessage(`Added ${picked.length} bucket(s) of ${reach.accountId} to the plan.`);
    setPicked([]);
  };

  const input = (k: keyof Reach, label: string, hint?: string) => (
    <Field id={`connect-${k}`} label={label} hint={hint} error={errors[k]}>
      <input
        className="input"
        autoComplete="off"
        spellCheck={false}
        value={r[k]}
        onChange={(e) => setR({ ...r, [k]: e.target.value })}
        {...describedBy(`connect-${k}`, hint, errors[k])}
      />
    </Field>
  );

  return (
    <div className={`${styles.sourceGroup} stack-sm`}>
      <h3>Add buckets of a source account</h3>
      <div className="grid-2">
        {input("accountId", "Source account ID")}
        {input("region", "Source region")}
      </div>
      <div className="grid-2">
        {input("roleArn", "Source access role ARN", "The access role made by onboarding (or Lockbridge's admin role there).")}
        {input("externalId", "Source ExternalId (optional)", "Required when the role's trust policy asks for one.")}
      </div>
      <div className="actions">
        <Button onClick={() => void list()} disabled={busy} aria-busy={busy || undefined}>
          List buckets
        </Button>
        <span role="status" aria-live="polite">
          {busy ? "Listing…" : message}
        </span>
      </div>
      {listed ? (
        <div className="stack-sm">
          <BucketTable
            buckets={listed.buckets}
            picked={picked}
            onPick={setPicked}
            verb="Add"
            caption={`Buckets of account ${listed.reach.accountId}`}
            testId="connect-buckets"
            inPlan={listed.buckets.filter((x) => inPlan.includes(`${listed.reach.accountId.trim()}/${x.name}`)).map((x) => x.name)}
          />
          <div className="actions">
            <Button variant="primary" onClick={add} disabled={picked.length === 0}>
              Add the picked buckets
            </Button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
