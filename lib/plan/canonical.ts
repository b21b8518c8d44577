// Canonical JSON: object keys sorted, no whitespace. Two documents with the same content in a different
// key order serialize identically; array order is kept (normalize() decides when order is irrelevant).
import type { Json } from "./types";

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : canonicalJson(v))).join(",")}]`;
  const entries = Object.keys(value as Record<string, unknown>)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(",")}}`;
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
