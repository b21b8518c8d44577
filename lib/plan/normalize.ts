// Canonical form used only for comparing documents (never for what we send): collapse singleton arrays,
// drop empties, dedupe and sort lists. IAM, S3 and KMS treat these as equivalent, so a document read back
// from AWS in another shape still compares equal and re-planning yields no-ops (aws-cdk does the same).
import { quotedKey } from "./canonical";
import type { Json } from "./types";

// A rule's empty Filter means "whole bucket" in a V2 rule; dropping it would turn it into a V1 rule.
const KEEP_EMPTY = new Set(["Filter"]);
// S3 treats these sub-features as off when absent; `{ Status: "Disabled" }` is the same as no element.
const OFF_WHEN_DISABLED = new Set([
  "ReplicaModifications",
  "SseKmsEncryptedObjects",
  "Metrics",
  "ReplicationTime",
  "ExistingObjectReplication",
]);

// While a plan is built, foreign rules and statements are the same objects in `before` and `after`, and
// each document is compared, fingerprinted and diffed: one normalization per object per build is enough.
// The cache lives only for one synchronous build, so an object changed between builds is never stale.
// It holds canonical JSON only (null: normalizes to nothing); normalize() parses it back when a
// caller wants the normalized document itself, which comparisons and fingerprints never do.
let scope: WeakMap<object, string | null> | undefined;

/** Runs `fn` with normalization results remembered per object; nested calls share the outer cache. */
export function withNormalizeCache<T>(fn: () => T): T {
  if (scope) return fn();
  scope = new WeakMap();
  try {
    return fn();
  } finally {
    scope = undefined;
  }
}

// One bottom-up pass computes each node's canonical JSON once, as a flat string (joined, never built
// by repeated +=): a 1000-rule configuration is deduped, sorted and compared as a thousand rule strings,
// and flattening deep string ropes for that cost more than building them.
function keyOf(value: Json | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== "object") return value === "" ? undefined : JSON.stringify(value);
  return keyOfNode(value);
}

function keyOfNode(value: Json[] | { [key: string]: Json }): string | undefined {
  const cache = scope;
  if (cache === undefined) return Array.isArray(value) ? keyOfArray(value) : keyOfObject(value);
  const cached = cache.get(value);
  if (cached !== undefined) return cached ?? undefined;
  const result = Array.isArray(value) ? keyOfArray(value) : keyOfObject(value);
  cache.set(value, result ?? null);
  return result;
}

function keyOfArray(value: Json[]): string | undefined {
  if (value.length === 1) return keyOf(value[0]);
  const keys: string[] = [];
  for (let i = 0; i < value.length; i++) {
    const k = keyOf(value[i]);
    if (k !== undefined) keys.push(k);
  }
  if (keys.length <= 1) return keys[0];
  const unique = new Set(keys);
  if (unique.size === 1) return keys[0];
  return wrapJoin([...unique].sort(), "[", "]");
}

function keyOfObject(value: { [key: string]: Json }): string | undefined {
  const parts: string[] = [];
  const names = Object.keys(value);
  if (names.length > 1) names.sort();
  for (let i = 0; i < names.length; i++) {
    const k = names[i]!;
    const v = value[k];
    if (v === undefined || v === null || v === "") continue;
    let part: string | undefined;
    if (typeof v !== "object") part = JSON.stringify(v);
    else if (OFF_WHEN_DISABLED.has(k) && !Array.isArray(v) && v.Status === "Disabled") continue;
    else {
      // Not remembered per object: sharing happens at list items (rules, statements) and whole documents.
      part = Array.isArray(v) ? keyOfArray(v) : keyOfObject(v);
      if (part === undefined && KEEP_EMPTY.has(k) && !Array.isArray(v)) part = "{}";
    }
    if (part !== undefined) parts.push(quotedKey(k) + ":" + part);
  }
  return parts.length === 0 ? undefined : wrapJoin(parts, "{", "}");
}

/** The normalized document (its canonical JSON parsed back), or undefined when nothing is left. */
export function normalize(value: Json | null | undefined): Json | undefined {
  const k = keyOf(value);
  return k === undefined ? undefined : (JSON.parse(k) as Json);
}

/** canonicalJson(normalize(value) ?? null), computed in one pass. */
export function normalizedJson(value: Json | null | undefined): string {
  return keyOf(value) ?? "null";
}

/** True when both documents normalize to the same canonical form. */
export function equivalent(a: Json | null | undefined, b: Json | null | undefined): boolean {
  return normalizedJson(a) === normalizedJson(b);
}

// parts.join() returns a flat string; "{" + joined + "}" would be a rope that every later hash, sort or
// comparison has to flatten again. The brackets go into the first and last part instead.
function wrapJoin(parts: string[], open: string, close: string): string {
  parts[0] = open + parts[0];
  parts[parts.length - 1] += close;
  return parts.join(",");
}
