// Canonical form used only for comparing documents (never for what we send): collapse singleton arrays,
// drop empties, dedupe and sort lists. IAM, S3 and KMS treat these as equivalent, so a document read back
// from AWS in another shape still compares equal and re-planning yields no-ops (aws-cdk does the same).
import { isObject } from "./canonical";
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

/** A normalized value with its canonical JSON, built in the same pass. */
type Keyed = { value: Json; key: string };

// While a plan is built, foreign rules and statements are the same objects in `before` and `after`, and
// each document is compared, fingerprinted and diffed: one normalization per object per build is enough.
// The cache lives only for one synchronous build, so an object changed between builds is never stale.
let scope: WeakMap<object, Keyed | null> | undefined;

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

const byKey = (a: Keyed, b: Keyed) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

// One bottom-up pass computes each node's canonical JSON once. Serializing every array item again to
// dedupe and sort it made normalization quadratic in nesting depth: a 1000-rule replication
// configuration spent most of buildPlan here.
function keyed(value: Json | null | undefined): Keyed | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== "object") return value === "" ? undefined : { value, key: JSON.stringify(value) };
  const cached = scope?.get(value);
  if (cached !== undefined) return cached ?? undefined;
  const result = keyedObject(value);
  scope?.set(value, result ?? null);
  return result;
}

function keyedObject(value: Json[] | { [key: string]: Json }): Keyed | undefined {
  if (Array.isArray(value)) {
    const items = new Map<string, Keyed>();
    for (const v of value) {
      const n = keyed(v);
      if (n !== undefined) items.set(n.key, n);
    }
    if (items.size === 0) return undefined;
    const sorted = [...items.values()].sort(byKey);
    if (sorted.length === 1) return sorted[0];
    return { value: sorted.map((n) => n.value), key: `[${sorted.map((n) => n.key).join(",")}]` };
  }
  const out: { [key: string]: Json } = {};
  let key = "";
  for (const k of Object.keys(value).sort()) {
    const v = value[k];
    if (v === undefined) continue;
    if (OFF_WHEN_DISABLED.has(k) && isObject(v) && v.Status === "Disabled") continue;
    const n = keyed(v);
    if (n !== undefined) {
      out[k] = n.value;
      key += `${key ? "," : ""}${quoted(k)}:${n.key}`;
    } else if (KEEP_EMPTY.has(k) && isObject(v)) {
      out[k] = {};
      key += `${key ? "," : ""}${quoted(k)}:{}`;
    }
  }
  return key === "" ? undefined : { value: out, key: `{${key}}` };
}

// Object keys repeat across documents (Sid, Effect, ID, Priority…): quote each once.
const QUOTED = new Map<string, string>();
function quoted(k: string): string {
  let q = QUOTED.get(k);
  if (q === undefined) {
    q = JSON.stringify(k);
    if (QUOTED.size < 10_000) QUOTED.set(k, q);
  }
  return q;
}

export function normalize(value: Json | null | undefined): Json | undefined {
  return keyed(value)?.value;
}

/** canonicalJson(normalize(value) ?? null), computed in one pass. */
export function normalizedJson(value: Json | null | undefined): string {
  return keyed(value)?.key ?? "null";
}

/** True when both documents normalize to the same canonical form. */
export function equivalent(a: Json | null | undefined, b: Json | null | undefined): boolean {
  return normalizedJson(a) === normalizedJson(b);
}
