// One runner for the table-driven cases in ./cases/*.json (docs/architecture.md, habit 6).
// A case is { name, input, observed, expected }:
// - input: partial wizard form values, merged onto BASE_INPUT (source 111122223333/app-logs in eu-west-1,
//   destination 444455556666/central-vault in eu-central-1) and passed through defaultWizardInput + wizardInput.
// - observed: { base: "fresh" | "empty", ...overrides } deep-merged onto freshObserved(input) (buckets
//   exist untouched, no role, KMS keys with the default key policy) or emptyObserved(input) (plan-only).
// - expected: changes [[id, kind], ...] exact order; dependsOn {id: [...]} exact; errors [{path, includes}]
//   exact count; warnings [substring] each present; equals {path: value}; contains {path: [items]};
//   absent [path]; replanNoop (default: true when there are no errors).
//   Paths: "changes[id=source.rolePolicy].after.PolicyDocument.Statement[Sid=LockbridgeSourceBucket].Action".
/// <reference types="vite/client" />
import { describe, expect, it } from "vitest";
import { defaultWizardInput, wizardInput, type WizardDefaultsPartial } from "../schema/wizard";
import { buildPlan } from "./build";
import { applyToObserved, freshObserved } from "../../testing/plan-fixtures";
import { emptyObserved, type ObservedState } from "./observed";

type Case = {
  name: string;
  input: WizardDefaultsPartial;
  observed: { base: "fresh" | "empty" } & Record<string, unknown>;
  expected: {
    changes?: [string, string][];
    dependsOn?: Record<string, string[]>;
    errors?: { path: string; includes: string }[];
    warnings?: string[];
    equals?: Record<string, unknown>;
    contains?: Record<string, unknown[]>;
    absent?: string[];
    replanNoop?: boolean;
  };
};

const BASE_INPUT: WizardDefaultsPartial = {
  accounts: {
    source: { accountId: "111122223333", region: "eu-west-1", bucket: "app-logs", access: "plan-only" },
    destination: { accountId: "444455556666", region: "eu-central-1", bucket: "central-vault", access: "plan-only" },
  },
};

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
export function deepMerge<T>(base: T, over: unknown): T {
  if (!isPlain(base) || !isPlain(over)) return (over === undefined ? base : over) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = deepMerge(out[k], v);
  return out as T;
}

/** Resolve a path with [key=value] selectors and [n] indexes. */
export function at(root: unknown, path: string): unknown {
  const tokens = [...path.matchAll(/\[([^\]=]+)=([^\]]*)\]|\[(\d+)\]|([^.[\]]+)/g)];
  let cur: unknown = root;
  for (const t of tokens) {
    if (cur === undefined || cur === null) return undefined;
    if (t[1] !== undefined) {
      const list: unknown[] = Array.isArray(cur) ? cur : [cur];
      cur = list.find((x) => isPlain(x) && String(x[t[1]!]) === t[2]);
    } else if (t[3] !== undefined) cur = Array.isArray(cur) ? cur[Number(t[3])] : undefined;
    else cur = isPlain(cur) ? cur[t[4]!] : undefined;
  }
  return cur;
}

// import.meta.glob (Vite) instead of node:fs: lib/plan may not import node:* (lint fence), tests included.
const modules = import.meta.glob<Case>("./cases/*.json", { eager: true, import: "default" });
const files = Object.keys(modules).sort();

describe("plan cases", () => {
  it("has the required cases", () => expect(files.length).toBeGreaterThanOrEqual(12));
  for (const file of files) {
    const c = modules[file]!;
    it(`${file}: ${c.name}`, () => {
      const parsed = wizardInput.safeParse(defaultWizardInput(deepMerge(BASE_INPUT, c.input)));
      if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues));
      const input = parsed.data;
      const { base, ...overrides } = c.observed;
      const observed = deepMerge<ObservedState>(base === "empty" ? emptyObserved(input) : freshObserved(input), overrides);
      const plan = buildPlan(input, observed);
      const e = c.expected;

      const errs = (e.errors ?? []).map((x) => ({
        path: x.path,
        hit: plan.errors.some((p) => p.path === x.path && p.message.includes(x.includes)),
      }));
      expect({ errors: errs, count: plan.errors.length }, JSON.stringify(plan.errors)).toEqual({
        errors: errs.map((x) => ({ ...x, hit: true })),
        count: errs.length,
      });
      expect(plan.applyable).toBe(errs.length === 0);
      if (e.changes) expect(plan.changes.map((ch) => [ch.id, ch.kind])).toEqual(e.changes);
      for (const [id, deps] of Object.entries(e.dependsOn ?? {})) expect(at(plan, `changes[id=${id}].dependsOn`), id).toEqual(deps);
      for (const w of e.warnings ?? []) expect(plan.warnings.map((x) => x.message).join("\n")).toContain(w);
      for (const [path, value] of Object.entries(e.equals ?? {})) expect(at(plan, path), path).toEqual(value);
      for (const [path, items] of Object.entries(e.contains ?? {})) {
        const list = at(plan, path);
        expect(Array.isArray(list), `${path} is a list`).toBe(true);
        for (const item of items) expect(list, path).toContainEqual(item);
      }
      for (const path of e.absent ?? []) expect(at(plan, path), path).toBeUndefined();
      // The plan is data: it survives JSON.
      expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);

      if (e.replanNoop ?? errs.length === 0) {
        const again = buildPlan(input, applyToObserved(plan, observed));
        expect(again.changes.filter((ch) => ch.kind !== "no-op").map((ch) => ch.id)).toEqual([]);
        expect(again.errors).toEqual([]);
      }
    });
  }
});
