"use client";
// The buckets of one account as Check and "Plan several sources" list them: a checkbox per readable
// bucket, then what a person weighs before protecting it (Region, versioning, default encryption,
// Object Lock, existing replication rules).
import type { BucketSummary } from "@/lib/aws/onboard";
import styles from "./onboard.module.css";

export function BucketTable({
  buckets,
  picked,
  onPick,
  verb,
  caption,
  testId,
  idPrefix,
  inPlan = [],
}: {
  buckets: BucketSummary[];
  picked: string[];
  onPick: (picked: string[]) => void;
  /** The checkbox column and each checkbox's label: "Protect" (Check) or "Add" (several sources). */
  verb: "Protect" | "Add";
  caption: string;
  testId: string;
  idPrefix?: string;
  /** Buckets already in the plan: shown as such, not offered again. */
  inPlan?: string[];
}) {
  return (
    <div className={styles.scroll}>
      <table className="data-table" data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{verb}</th>
            <th scope="col">Bucket</th>
            <th scope="col">Region</th>
            <th scope="col">Versioning</th>
            <th scope="col">Default encryption</th>
            <th scope="col">Object Lock</th>
            <th scope="col">Replication rules</th>
          </tr>
        </thead>
        <tbody>
          {buckets.map((x) => (
            <tr key={x.name}>
              <td>
                <input
                  type="checkbox"
                  {...(idPrefix ? { id: `${idPrefix}${x.name}` } : {})}
                  aria-label={`${verb} ${x.name}`}
                  checked={picked.includes(x.name) || inPlan.includes(x.name)}
                  disabled={!x.readable || inPlan.includes(x.name)}
                  onChange={(e) => onPick(e.target.checked ? [...picked, x.name] : picked.filter((p) => p !== x.name))}
                />
              </td>
              <td className={`mono ${styles.nowrap}`}>
                {x.name}
                {inPlan.includes(x.name) ? <span className="muted"> (in the plan)</span> : null}
              </td>
              <td>{x.region ?? "?"}</td>
              <td>{x.versioning}</td>
              <td>{x.encryption}</td>
              <td>{x.objectLock}</td>
              <td>{x.replicationRules.length > 0 ? x.replicationRules.join(", ") : "none"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
