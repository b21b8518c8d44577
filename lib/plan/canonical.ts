// Canonical JSON: object keys sorted, no whitespace. Two documents with the same content in a different
// key order serialize identically; array order is kept (normalize() decides when order is irrelevant).
import type { Json } from "./types";

// Object keys repeat across documents (Sid, Effect, ID, Priority…): quote each once. Bounded, so
// documents with ever-new keys cannot grow it without limit.
const QUOTED = new Map<string, string>();
export function quotedKey(k: string): string {
  let q = QUOTED.get(k);
  if (q === undefined) {
    q = JSON.stringify(k);
    if (QUOTED.size < 10_000) QUOTED.set(k, q);
  }
  return q;
}

// Large documents (a thousand replication rules) are serialized on every plan build to be hashed:
// string leaves are written in place, without a call of their own, and keys are quoted once.
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) {
    let out = "[";
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ",";
      const v: unknown = value[i];
      out += v === undefined ? "null" : typeof v === "string" ? JSON.stringify(v) : canonicalJson(v);
    }
    return out + "]";
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length > 1) keys.sort();
  let out = "{";
  let first = true;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const v = record[k];
    if (v === undefined) continue;
    if (!first) out += ",";
    first = false;
    out += quotedKey(k) + ":" + (typeof v === "string" ? JSON.stringify(v) : canonicalJson(v));
  }
  return out + "}";
}

/** Pretty JSON for the review screen and exports (2-space indent, key order as built). */
export function prettyJson(doc: unknown): string {
  return JSON.stringify(doc ?? null, null, 2);
}

export function isObject(value: unknown): value is { [key: string]: Json } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A policy's Statement as an array (AWS accepts a single object too). */
export function statementsOf(doc: Json | null | undefined): Json[] {
  if (!isObject(doc)) return [];
  const s = doc.Statement;
  if (s === undefined || s === null) return [];
  return Array.isArray(s) ? s : [s];
}

/** A string-or-list field as a list of strings. */
export function stringList(value: Json | undefined): string[] {
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}
