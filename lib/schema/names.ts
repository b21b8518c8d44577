// Names Lockbridge derives from the buckets and accounts (replication role, batch role, rule ID). No
// zod here: the Accounts step updates derived names on every edit without loading the validation library.

/** 32-bit FNV-1a, only to shorten derived names deterministically. */
function shortHash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, "0");
}

/** `text` cut to `max` characters, with a hash suffix when it had to be cut (keeps names unique). */
export function fitName(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 9)}-${shortHash(text)}`;
}

/**
 * IAM role names are at most 64 characters; bucket names are valid role-name characters. A source
 * bucket already named "lockbridge-…" does not get the prefix twice.
 */
export const deriveRoleName = (sourceBucket: string, destinationBucket: string) =>
  fitName(`${sourceBucket.startsWith("lockbridge-") ? "" : "lockbridge-"}${sourceBucket}-to-${destinationBucket}`, 64);
/** The batch role is per source bucket: one role serves every Batch Replication job of that bucket. */
export const deriveBatchRoleName = (sourceBucket: string) => fitName(`lockbridge-batch-${sourceBucket}`, 64);
export const deriveRuleId = (destinationAccount: string, destinationBucket: string) =>
  fitName(`lockbridge-to-${destinationAccount}-${destinationBucket}`, 255);
