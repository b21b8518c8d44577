// Turning Read<T> results into "what is live" for the builders, recording why a read did not help.
import type { BucketState, Read } from "./observed";
import type { PlanProblem, PlanWarning } from "./types";

export type Live<T> = { value: T | null; unknown: boolean };

export type Notes = { errors: PlanProblem[]; warnings: PlanWarning[] };

const readError = (r: Extract<Read<unknown>, { status: "error" }>) =>
  `${r.code}: ${r.message}${r.missingPermission ? ` (grant ${r.missingPermission} to the Lockbridge role)` : ""}`;

/**
 * The live value behind a read. A failed read of a document we merge into is an error: writing without
 * it would drop whatever is live. `critical=false` reads only feed warnings.
 */
export function liveOf<T>(read: Read<T> | undefined, what: string, path: string, notes: Notes, critical = true): Live<T> {
  if (!read || read.status === "unknown") return { value: null, unknown: true };
  if (read.status === "absent") return { value: null, unknown: false };
  if (read.status === "found") return { value: read.value, unknown: false };
  const message = `Could not read ${what}: ${readError(read)}.`;
  if (critical) notes.errors.push({ path, message });
  else notes.warnings.push({ path, message });
  return { value: null, unknown: true };
}

/** A sub-read of a bucket; when the bucket itself was not read, the sub-read is unknown. */
export function bucketRead<K extends keyof BucketState>(bucket: Read<BucketState>, key: K): BucketState[K] | Read<never> {
  return bucket.status === "found" ? bucket.value[key] : { status: "unknown" };
}
