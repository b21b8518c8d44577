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

/**
 * What a form shows next to each field (dotted path → message), the way the wizard's forms have always
 * read zod issues (react-hook-form's zod resolver): the first issue per path wins, and a union that no
 * option accepts speaks with the first issue of the option that came closest (fewest issues), so a
 * role ARN that is neither empty nor an ARN gets the ARN's message, not a word about choices.
 */
export function formErrorsOf(issues: readonly z.core.$ZodIssue[]): FieldErrors {
  const out: FieldErrors = {};
  const queue = [...issues];
  for (let issue = queue.shift(); issue; issue = queue.shift()) {
    const at = issue.path.map(String).join(".");
    if (!Object.hasOwn(out, at)) {
      let message = issue.message;
      if (issue.code === "invalid_union" && issue.errors.length > 0) {
        const closest = issue.errors.reduce((best, branch) => (branch.length < best.length ? branch : best));
        message = closest[0]?.message ?? message;
      }
      Object.defineProperty(out, at, { value: message, enumerable: true, writable: true, configurable: true });
    }
    if (issue.code === "invalid_union") {
      const { path } = issue;
      for (const branch of issue.errors) for (const inner of branch) queue.push({ ...inner, path: [...path, ...inner.path] });
    }
  }
  return out;
}
