// Canonical JSON: object keys sorted, no whitespace. Two documents with the same content in a different
// key order serialize identically; array order is kept (normalize() decides when order is irrelevant).
import type { Json } from "./types";

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) {
    let out = "";
    for (let i = 0; i < value.length; i++) out += `${i > 0 ? "," : ""}${value[i] === undefined ? "null" : canonicalJson(value[i])}`;
    return `[${out}]`;
  }
  const record = value as Record<string, unknown>;
  let out = "";
  for (const k of Object.keys(record).sort()) {
    if (record[k] === undefined) continue;
    out += `${out ? "," : ""}${JSON.stringify(k)}:${canonicalJson(record[k])}`;
  }
  return `{${out}}`;
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
