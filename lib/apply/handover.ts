import "server-only";
// One side only: when an account is plan-only, its changes are handed over to its admin (CLI script and
// plan JSON of that account's half), and our changes that depend on them wait:
// - destination plan-only: the source role, its policy and source versioning go now; the replication
//   rule waits (S3 rejects a rule whose destination bucket is not versioned yet).
// - source plan-only: destination versioning and Object Lock go now; the key and bucket policies name a
//   role that may not exist yet, and AWS rejects them ("Invalid principal in policy"), so they wait.
// Once the other admin has applied their half, apply again with `otherHalfApplied`: the dependencies are
// then taken as met (AWS still rejects a policy naming a missing role; that failure is reported).
// The hand-over script follows the export rules: it needs aws and python3, reads every whole document of
// that account when it runs and merges into it (this server could not read it), and stops before its
// first write on any conflict. A plan with errors is never handed over.
import { exportCliScript } from "@/lib/plan/export/cli";
import { exportPlanJson } from "@/lib/plan/export/json";
import type { AccountSide, Change, ChangeId, Plan } from "@/lib/plan/types";
import type { Handover, SkipReason } from "./types";

export type Disposition = { skip?: SkipReason; note?: string };

const other = (side: AccountSide): AccountSide => (side === "source" ? "destination" : "source");

function blockedNote(c: Change, plan: Plan, waitsFor: AccountSide): string {
  const then = `Apply again once the ${waitsFor} account's admin has applied their half (tick "the other account's half is applied").`;
  if (c.id === "destination.keyPolicy" || c.id === "destination.bucketPolicy") {
    return `Names role ${plan.names.roleArn}, which the source admin creates: AWS rejects a policy naming a role that does not exist yet ("Invalid principal in policy"). ${then}`;
  }
  if (c.id === "source.replication") return `Needs the destination's versioning, Object Lock and policies first. ${then}`;
  return `Depends on changes in the ${waitsFor} account. ${then}`;
}

/** What to do with each change, given which accounts can be reached. Changes come in dependency order. */
export function dispositions(plan: Plan, reachable: Record<AccountSide, boolean>, otherHalfApplied: boolean): Map<ChangeId, Disposition> {
  const out = new Map<ChangeId, Disposition>();
  for (const c of plan.changes) {
    if (c.kind === "no-op") out.set(c.id, { skip: "no-op", note: "Already as planned" });
    else if (!reachable[c.account])
      out.set(c.id, { skip: "handover", note: `Plan-only account: handed over to the ${c.account} account's admin` });
    else {
      const waiting = c.dependsOn.filter((d) => {
        const skip = out.get(d)?.skip;
        return skip === "blocked" || (skip === "handover" && !otherHalfApplied);
      });
      out.set(c.id, waiting.length > 0 ? { skip: "blocked", note: blockedNote(c, plan, other(c.account)) } : {});
    }
  }
  return out;
}

export function handoverOf(plan: Plan, reachable: Record<AccountSide, boolean>, d: Map<ChangeId, Disposition>): Handover | undefined {
  const side = (["source", "destination"] as const).find((s) => !reachable[s]);
  if (!side) return undefined;
  const handedOver = plan.changes.filter((c) => d.get(c.id)?.skip === "handover").map((c) => c.id);
  const blocked = plan.changes.filter((c) => d.get(c.id)?.skip === "blocked").map((c) => c.id);
  if (handedOver.length === 0 && blocked.length === 0) return undefined;
  const accountId = plan.input.accounts[side].accountId;
  const base = `lockbridge-${side}-${accountId}`;
  if (plan.errors.length > 0) {
    return {
      account: side,
      accountId,
      message: `The ${side} account ${accountId} is plan-only, but this plan has ${plan.errors.length} error(s), and a plan with errors is never handed over. Fix them and review again.`,
      handedOver,
      blocked,
      files: [],
    };
  }
  return {
    account: side,
    accountId,
    message:
      `The ${side} account ${accountId} is plan-only: give its admin these files (${handedOver.length} change(s)). ` +
      "The script needs the aws CLI and python3; it reads that account's documents when it runs, merges into what is live, and stops before its first write on any conflict." +
      (blocked.length > 0 ? ` ${blocked.length} change(s) here wait for their half; apply again afterwards.` : ""),
    handedOver,
    blocked,
    files: [
      { name: `${base}.sh`, mime: "text/x-shellscript", content: exportCliScript(plan, { account: side }) },
      { name: `${base}.plan.json`, mime: "application/json", content: exportPlanJson(plan, { account: side }) },
    ],
  };
}
