// Weakening a vault's default retention: COMPLIANCE → GOVERNANCE (GOVERNANCE can be bypassed by anyone
// with s3:BypassGovernanceRetention), or a shorter period. Object Lock never weakens the locks already on
// object versions, but every version written afterwards (every replica) is less protected. Lockbridge
// only writes such a change when the person typed a confirmation naming the old and the new retention.
import type { DefaultRetention, ObjectLockConfiguration } from "./types";

const DAYS_PER_YEAR = 365;

function describe(r: DefaultRetention): { label: string; days: number } | undefined {
  const [value, unit] = r.Years !== undefined ? [r.Years, "year"] : r.Days !== undefined ? [r.Days, "day"] : [undefined, ""];
  if (value === undefined) return undefined;
  return { label: `${r.Mode} ${value} ${unit}${value === 1 ? "" : "s"}`, days: unit === "year" ? value * DAYS_PER_YEAR : value };
}

export type RetentionDowngrade = { from: string; to: string; phrase: string };

/** The downgrade from `live` to `next`, with the phrase to type; undefined when it does not weaken anything. */
export function retentionDowngrade(
  live: ObjectLockConfiguration | null,
  next: ObjectLockConfiguration | null,
): RetentionDowngrade | undefined {
  const before = live?.Rule?.DefaultRetention;
  const after = next?.Rule?.DefaultRetention;
  if (!before || !after) return undefined;
  const b = describe(before);
  const a = describe(after);
  if (!b || !a) return undefined;
  const weakerMode = before.Mode === "COMPLIANCE" && after.Mode === "GOVERNANCE";
  if (!weakerMode && a.days >= b.days) return undefined;
  return { from: b.label, to: a.label, phrase: `${b.label} to ${a.label}` };
}
