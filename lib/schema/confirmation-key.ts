// What the typed Object Lock confirmation is bound to: the destination bucket and the exact default
// retention (mode, unit and period). Confirming COMPLIANCE for 30 days does not confirm 100 years.
// No zod here: the wizard's first page checks confirmations without loading the validation library.

export type ConfirmedMode = "NONE" | "GOVERNANCE" | "COMPLIANCE";
export type ObjectLockConfirmation = { bucket: string; mode: ConfirmedMode; unit?: "Days" | "Years"; value?: number };

type RetentionChoice = { enabled?: boolean; mode?: string; unit?: string; value?: number | string } | undefined;

/** The confirmation the given destination bucket and retention choice need. */
export function objectLockConfirmationFor(destinationBucket: string, retention: RetentionChoice): ObjectLockConfirmation {
  const bucket = destinationBucket.trim();
  if (!retention?.enabled) return { bucket, mode: "NONE" };
  return {
    bucket,
    mode: retention.mode === "COMPLIANCE" ? "COMPLIANCE" : "GOVERNANCE",
    unit: retention.unit === "Years" ? "Years" : "Days",
    value: Number(retention.value),
  };
}

export function sameConfirmation(a: ObjectLockConfirmation | undefined, b: ObjectLockConfirmation | undefined): boolean {
  if (!a || !b || a.bucket === "" || a.bucket !== b.bucket || a.mode !== b.mode) return false;
  return a.mode === "NONE" || (a.unit === b.unit && a.value === b.value && Number.isFinite(a.value));
}

/** In words: "lockbridge-demo-vault with COMPLIANCE retention for 30 days". */
export function describeConfirmation(c: ObjectLockConfirmation): string {
  if (c.mode === "NONE") return `${c.bucket} with no default retention`;
  const n = c.value ?? 0;
  const unit = c.unit === "Years" ? (n === 1 ? "year" : "years") : n === 1 ? "day" : "days";
  return `${c.bucket} with ${c.mode} retention for ${n.toLocaleString("en-US")} ${unit}`;
}
