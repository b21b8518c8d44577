// Pure helpers on the draft that need no schema (and so no zod): what a Connect result or a typed
// confirmation is bound to. Kept apart from step-status.ts so the first step's initial JavaScript does
// not carry the validation library (bench/wizard.bench.ts measures it).
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
    return [t(s.accountId), t(s.region), t(s.bucket), s.access, s.access === "role" ? t(s.roleArn) : "", s.access === "role" ? t(s.externalId) : ""];
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
  return { key: accountsKey(values.accounts), result: { kind: "connection", ok: true, source: { state: "plan-only" }, destination: { state: "plan-only" } } };
}

/** What the typed Object Lock confirmation must be bound to for the current values. */
export function confirmationFor(values: WizardFormValues): Confirmation {
  const r = values.objectLock?.retention;
  return { bucket: values.accounts.destination.bucket.trim(), mode: r?.enabled ? (r.mode ?? "GOVERNANCE") : "NONE" };
}

export function isConfirmed(values: WizardFormValues, c: Confirmation | undefined): boolean {
  const want = confirmationFor(values);
  return !!c && want.bucket !== "" && c.bucket === want.bucket && c.mode === want.mode;
}
