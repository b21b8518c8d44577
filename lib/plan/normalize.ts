// Canonical form used only for comparing documents (never for what we send): collapse singleton arrays,
// drop empties, dedupe and sort lists. IAM, S3 and KMS treat these as equivalent, so a document read back
// from AWS in another shape still compares equal and re-planning yields no-ops (aws-cdk does the same).
import { canonicalJson, isObject } from "./canonical";
import type { Json } from "./types";

// A rule's empty Filter means "whole bucket" in a V2 rule; dropping it would turn it into a V1 rule.
const KEEP_EMPTY = new Set(["Filter"]);
// S3 treats these sub-features as off when absent; `{ Status: "Disabled" }` is the same as no element.
const OFF_WHEN_DISABLED = new Set(["ReplicaModifications", "SseKmsEncryptedObjects", "Metrics", "ReplicationTime", "ExistingObjectReplication"]);

export function normalize(value: Json | null | undefined): Json | undefined {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) {
    const items = new Map<string, Json>();
    for (const v of value) {
      const n = normalize(v);
      if (n !== undefined) items.set(canonicalJson(n), n);
    }
    const sorted = [...items.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
    if (sorted.length === 0) return undefined;
    return sorted.length === 1 ? sorted[0] : sorted;
  }
  if (isObject(value)) {
    const out: { [key: string]: Json } = {};
    for (const [k, v] of Object.entries(value)) {
      if (OFF_WHEN_DISABLED.has(k) && isObject(v) && v.Status === "Disabled") continue;
      const n = normalize(v);
      if (n !== undefined) out[k] = n;
      else if (KEEP_EMPTY.has(k) && isObject(v)) out[k] = {};
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  if (value === "") return undefined;
  return value;
}

/** True when both documents normalize to the same canonical form. */
export function equivalent(a: Json | null | undefined, b: Json | null | undefined): boolean {
  return canonicalJson(normalize(a) ?? null) === canonicalJson(normalize(b) ?? null);
}
