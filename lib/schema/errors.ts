// Zod issues as field errors keyed by dotted path ("source.accountId"), the shape both the
// form (setError) and the server action's typed result use.
import type * as z from "zod/mini";
import { NAMED_KEYS, nameable } from "./strict";

export type FieldErrors = Record<string, string>;

/**
 * Where an issue is reported: an unknown key (strict objects) on the key itself, e.g. "rule.Filter";
 * over-long or surplus unknown keys on their parent, so that a refusal stays small.
 */
function pathsOf(issue: z.core.$ZodIssue): string[] {
  const at = issue.path.map(String);
  if (issue.code !== "unrecognized_keys") return [at.join(".")];
  const named = issue.keys.filter(nameable).slice(0, NAMED_KEYS.max);
  const paths = named.map((k) => [...at, k].join("."));
  return named.length < issue.keys.length ? [...paths, at.join(".")] : paths;
}

export function fieldErrorsOf(error: { issues: readonly z.core.$ZodIssue[] }): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    for (const key of pathsOf(issue).map((p) => p || "_form")) {
      // Own properties only: a key sent as "__proto__" or "constructor" is reported, never inherited or a prototype change.
      if (!Object.hasOwn(out, key))
        Object.defineProperty(out, key, { value: issue.message, enumerable: true, writable: true, configurable: true });
    }
  }
  return out;
}
