// A saved plan of several sources: problems first, how full the vault's policies get, then the vault's
// consolidated documents (one write each) and every source's own changes, each with its diff against what
// was live when the plan was built (the same change list and document cards as a one-source plan).
import { ChangeList } from "@/components/change-list";
import { PlanPreview } from "@/components/plan-preview";
import { PlanProblems } from "@/components/plan-problems";
import { groupPlan, type ManyGroup, type ManyPlan } from "@/lib/plan/onboard";
import { bucketPolicyRoom, keyPolicyRoom } from "@/lib/plan/vault";
import type { Change, PolicyDocument } from "@/lib/plan/types";
import styles from "./plans.module.css";

/** A group's changes, with "after" kept to calls inside the group (the vault waits for every role; rules wait for the vault). */
function inGroup(plan: ManyPlan, scope: string): { plan: ReturnType<typeof groupPlan>; changes: Change[] } {
  const part = groupPlan(plan, scope);
  const ids = new Set(part.changes.map((c) => c.id));
  return { plan: part, changes: part.changes.map((c) => ({ ...c, dependsOn: c.dependsOn.filter((d) => ids.has(d)) })) };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

function Limit({
  label,
  doc,
  kind,
  sample,
  testId,
}: {
  label: string;
  doc: PolicyDocument | null;
  kind: "bucket" | "key";
  sample: string;
  testId: string;
}) {
  if (!doc) return null;
  const r = kind === "bucket" ? bucketPolicyRoom(doc, sample) : keyPolicyRoom(doc, sample);
  const pct = Math.min(100, Math.round((r.bytes / r.limit) * 100));
  return (
    <li data-testid={testId}>
      <strong>{label}</strong> after this plan: {kb(r.bytes)} of {kb(r.limit)} ({pct}%); about {r.more} more source roles fit.
      <meter className={styles.meter} min={0} max={r.limit} value={r.bytes} aria-label={`${label} size`} />
    </li>
  );
}

function Group({ plan, group, title, note, open }: { plan: ManyPlan; group: ManyGroup; title: string; note: string; open: boolean }) {
  const { plan: part, changes } = inGroup(plan, group.scope);
  const writes = changes.filter((c) => c.kind !== "no-op").length;
  const headingId = `group-${group.scope.replace(/[^\w-]/g, "-")}`;
  return (
    <section className="card stack-sm" aria-labelledby={headingId} data-group={group.scope}>
      <h3 id={headingId}>
        {title} <span className="muted">({writes === 0 ? "already as planned" : `${writes} write${writes === 1 ? "" : "s"}`})</span>
      </h3>
      <p className="muted">{note}</p>
      <ChangeList changes={changes} onlyUsedSides />
      {open ? (
        <PlanPreview plan={part} problems={false} />
      ) : (
        <details className={styles.groupDocs}>
          <summary>
            Documents of {group.bucket} ({part.documents.length})
          </summary>
          <PlanPreview plan={part} problems={false} />
        </details>
      )}
    </section>
  );
}

export function ManyPlanView({ plan }: { plan: ManyPlan }) {
  const v = plan.many.vault;
  const after = (step: string) => plan.changes.find((c) => c.id === `${v.scope}:${step}`)?.after as PolicyDocument | null | undefined;
  const sample = plan.many.sources[0]?.roleArn ?? "";
  return (
    <>
      <section aria-labelledby="plan-problems">
        <h2 id="plan-problems">Errors and warnings</h2>
        {plan.errors.length + plan.warnings.length === 0 ? (
          <p className="muted">None.</p>
        ) : (
          <PlanProblems errors={plan.errors} warnings={plan.warnings} />
        )}
      </section>
      <section aria-labelledby="plan-limits" className="card stack-sm">
        <h2 id="plan-limits">Limits</h2>
        <ul className="stack-sm">
          <Limit
            label="Vault bucket policy"
            doc={after("destination.bucketPolicy") ?? null}
            kind="bucket"
            sample={sample}
            testId="limit-bucket-policy"
          />
          <Limit
            label="Vault key policy"
            doc={after("destination.keyPolicy") ?? null}
            kind="key"
            sample={sample}
            testId="limit-key-policy"
          />
          <li>
            Replication roles: {plan.many.sharedRole ? "one per source account, shared by its buckets" : "one per source bucket"}; each
            inline policy and trust policy is checked against IAM&apos;s size limits (any excess is listed under errors).
          </li>
        </ul>
      </section>
      <section aria-labelledby="plan-groups" className="stack">
        <h2 id="plan-groups">Changes by account</h2>
        <p className="muted">
          As saved: diffs are against what was live when the plan was built. Apply runs every source&apos;s role first, then the vault once,
          then every source&apos;s rule.
        </p>
        <Group
          plan={plan}
          group={v}
          title={`Vault ${v.bucket} in ${v.accountId}`}
          note="One write per document for every source; statements Lockbridge did not write stay as they are. The policies wait for every source role."
          open
        />
        {plan.many.sources.map((g) => (
          <Group
            key={g.scope}
            plan={plan}
            group={g}
            title={`Source ${g.bucket} in ${g.accountId}`}
            note={`Replication role ${g.roleArn}. Its rule waits for the vault's changes.`}
            // Each source's documents have the same shape: folded, so the page stays about the vault.
            open={false}
          />
        ))}
      </section>
    </>
  );
}
