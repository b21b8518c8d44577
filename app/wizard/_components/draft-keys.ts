// Pure helpers on the draft that need no schema (and so no zod): what a Connect result or a typed
// confirmation is bound to. Kept apart from step-status.ts so the first step's initial JavaScript does
// not carry the validation library (bench/wizard.bench.ts measures it).
import { objectLockConfirmationFor, sameConfirmation } from "@/lib/schema/confirmation-key";
import type { WizardFormValues } from "@/lib/schema/wizard";
import type { StepSlug } from "../steps";
import type { Confirmation, SavedConnection } from "./draft-storage";

export type FormStep = Exclude<StepSlug, "review">;

export const STEP_KEY = {
  accounts: "accounts",
  "object-lock": "objectLock",
  role: "role",
  encryption: "encryption",
  "bucket-policy": "bucketPolicy",
  rule: "rule",
} as const satisfies Record<FormStep, keyof WizardFormValues>;

type Accounts = WizardFormValues["accounts"];

/**
 * The accounts a Connect result was made for, normalised as the schema does (trimmed, empty optional
 * texts dropped). Validity is checked by the schema where it matters, not here.
 */
export function accountsKey(a: Accounts): string {
  const side = (s: Accounts["source"]) => {
    const t = (v: string | undefined) => (v ?? "").trim();
    return [
      t(s.accountId),
      t(s.region),
      t(s.bucket),
      s.access,
      s.access === "role" ? t(s.roleArn) : "",
      s.access === "role" ? t(s.externalId) : "",
    ];
  };
  return JSON.stringify([side(a.source), side(a.destination)]);
}

export const bothPlanOnly = (a: Accounts) => a.source.access === "plan-only" && a.destination.access === "plan-only";

export function connectionCurrent(values: WizardFormValues, connection: SavedConnection | undefined): boolean {
  return !!connection && connection.result.ok && connection.key === accountsKey(values.accounts);
}

/** What Connect would return when neither account is reached: both sides plan-only. */
export function planOnlyConnection(values: WizardFormValues): SavedConnection | undefined {
  if (!bothPlanOnly(values.accounts)) return undefined;
  return {
    key: accountsKey(values.accounts),
    result: { kind: "connection", ok: true, source: { state: "plan-only" }, destination: { state: "plan-only" } },
  };
}

/** What the typed Object Lock confirmation must be bound to: the bucket, mode, unit and period. */
export function confirmationFor(values: WizardFormValues): Confirmation {
  return objectLockConfirmationFor(values.accounts.destination.bucket, values.objectLock?.retention);
}

export function isConfirmed(values: WizardFormValues, c: Confirmation | undefined): boolean {
  return sameConfirmation(c, confirmationFor(values));
}

/** The input as the server actions that review and apply want it: with the typed confirmations. */
export function withConfirmations(
  values: WizardFormValues,
  c: Confirmation | undefined,
): WizardFormValues & { confirmations?: { objectLock?: Confirmation } } {
  return c ? { ...values, confirmations: { objectLock: c } } : values;
}

// ---- Steps that build on earlier ones -----------------------------------------------------------------
// A completed step remembers what the earlier steps it depends on looked like when Next was clicked.
// When one of them changes, the step is marked for review (unticked, with the reason) instead of
// silently keeping a tick that no longer describes the input.

const t = (v: unknown) => (typeof v === "string" ? v.trim() : (v ?? ""));
const PART = {
  accounts: (v: WizardFormValues) => accountsKey(v.accounts),
  destination: (v: WizardFormValues) => JSON.parse(accountsKey(v.accounts))[1] as unknown,
  role: (v: WizardFormValues) => (v.role.mode === "reuse" ? ["reuse", t(v.role.role)] : ["create", t(v.role.roleName), t(v.role.path)]),
  encryption: (v: WizardFormValues) =>
    v.encryption.mode === "sse-kms"
      ? ["sse-kms", t(v.encryption.sourceKeyArn), t(v.encryption.destinationKeyArn), v.encryption.bucketKeys !== false]
      : ["none"],
} as const;
type Part = keyof typeof PART;

/** Which earlier choices each step builds on, and the step where each is made. */
const DEPENDS: Record<FormStep, Part[]> = {
  accounts: [],
  "object-lock": ["destination"],
  role: ["accounts"],
  encryption: ["accounts"],
  "bucket-policy": ["accounts", "role"],
  rule: ["accounts", "role", "encryption"],
};
const PART_STEP: Record<Part, string> = {
  accounts: "Accounts and buckets",
  destination: "the destination bucket",
  role: "Replication role",
  encryption: "Encryption",
};

/** What `slug` was completed with (stored when Next is clicked). */
export function dependencyKey(slug: FormStep, values: WizardFormValues): string {
  return JSON.stringify(Object.fromEntries(DEPENDS[slug].map((p) => [p, PART[p](values)])));
}

/** Why a completed step must be looked at again, or undefined when what it builds on is unchanged. */
export function reviewReason(slug: FormStep, values: WizardFormValues, completedWith: string | undefined): string | undefined {
  if (completedWith === undefined) return undefined;
  let then: Record<string, unknown>;
  try {
    then = JSON.parse(completedWith) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const changed = DEPENDS[slug].filter((p) => JSON.stringify(PART[p](values)) !== JSON.stringify(then[p]));
  if (changed.length === 0) return undefined;
  return `${changed.map((p) => PART_STEP[p]).join(" and ")} changed after you completed this step: check it and click Next again.`;
}
