// One runner for the permission-simulation cases in ./cases/*.json, evaluated by the real engine
// (iam-simulate). A case is { name, input, observed, apply?, expected }:
// - input: partial wizard form values over BASE_INPUT (source 111122223333/app-logs in eu-west-1,
//   destination 444455556666/central-vault in eu-central-1), parsed by wizardInput.
// - observed: { base: "fresh" | "empty", ...overrides } deep-merged onto freshObserved / emptyObserved.
// - apply: change ids of a plan built on that state, applied first (applyToObserved) to set the scene,
//   e.g. ["source.role", "source.rolePolicy"] = "the role is already in place".
// - expected.before / expected.after: { allowed, total, caveatsInclude, results: { action: { decision,
//   certain, missing, denies: [{ side, sid, statementIncludes }], reasonIncludes, unevaluatedKeys } } }
// - expected.diagnostics: { has: [id], lacks: [id], evidenceIncludes / messageIncludes / fixIncludes:
//   { id: [text] }, noMessageIncludes: [text] (no diagnostic and no plan warning mentions it), blocking }.
/// <reference types="vite/client" />
import { describe, expect, it } from "vitest";
import { defaultWizardInput, wizardInput, type WizardDefaultsPartial } from "../../schema/wizard";
import { buildPlan } from "../build";
import { applyToObserved, freshObserved } from "../../../testing/plan-fixtures";
import { emptyObserved, type ObservedState } from "../observed";
import { iamSimulateEvaluator, preflightWith, type PolicySide, type SimulationReport } from "./index";

type ResultExpect = {
  decision?: string;
  certain?: boolean;
  missing?: PolicySide[];
  denies?: { side: PolicySide; sid?: string; statementIncludes?: string }[];
  reasonIncludes?: string[];
  unevaluatedKeys?: string[];
};
type ReportExpect = { allowed?: number; total?: number; caveatsInclude?: string[]; results?: Record<string, ResultExpect> };
type Case = {
  name: string;
  input: WizardDefaultsPartial;
  observed: { base: "fresh" | "empty" } & Record<string, unknown>;
  apply?: string[];
  expected: {
    before?: ReportExpect;
    after?: ReportExpect;
    diagnostics?: {
      has?: string[];
      lacks?: string[];
      evidenceIncludes?: Record<string, string[]>;
      messageIncludes?: Record<string, string[]>;
      fixIncludes?: Record<string, string[]>;
      noMessageIncludes?: string[];
      blocking?: boolean;
    };
  };
};

const BASE_INPUT: WizardDefaultsPartial = {
  accounts: {
    source: { accountId: "111122223333", region: "eu-west-1", bucket: "app-logs", access: "plan-only" },
    destination: { accountId: "444455556666", region: "eu-central-1", bucket: "central-vault", access: "plan-only" },
  },
};

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
function deepMerge<T>(base: T, over: unknown): T {
  if (!isPlain(base) || !isPlain(over)) return (over === undefined ? base : over) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = deepMerge(out[k], v);
  return out as T;
}

function checkReport(label: string, report: SimulationReport, e: ReportExpect | undefined) {
  if (!e) return;
  const table = report.results.map((r) => `${r.action}: ${r.decision} — ${r.reason}`).join("\n");
  if (e.allowed !== undefined) expect(report.allowed, `${label} allowed\n${table}`).toBe(e.allowed);
  if (e.total !== undefined) expect(report.total, `${label} total`).toBe(e.total);
  for (const c of e.caveatsInclude ?? []) expect(report.caveats.join("\n"), `${label} caveats`).toContain(c);
  for (const [action, x] of Object.entries(e.results ?? {})) {
    const r = report.results.find((y) => y.action === action);
    expect(r, `${label} ${action}`).toBeDefined();
    const at = `${label} ${action}: ${r!.reason}`;
    if (x.decision) expect(r!.decision, at).toBe(x.decision);
    if (x.certain !== undefined) expect(r!.certain, at).toBe(x.certain);
    if (x.missing) expect([...r!.missing].sort(), at).toEqual([...x.missing].sort());
    for (const s of x.reasonIncludes ?? []) expect(r!.reason, at).toContain(s);
    for (const k of x.unevaluatedKeys ?? [])
      expect(
        r!.unevaluated.map((u) => u.key),
        at,
      ).toContain(k);
    for (const d of x.denies ?? []) {
      const hit = r!.denies.find((y) => y.side === d.side && (d.sid === undefined || y.sid === d.sid));
      expect(hit, `${at} deny ${JSON.stringify(d)} in ${JSON.stringify(r!.denies)}`).toBeDefined();
      if (d.statementIncludes) expect(JSON.stringify(hit!.statement), at).toContain(d.statementIncludes);
    }
  }
}

// import.meta.glob (Vite) instead of node:fs: lib/plan may not import node:* (lint fence), tests included.
const modules = import.meta.glob<Case>("./cases/*.json", { eager: true, import: "default" });
const files = Object.keys(modules).sort();

describe("permission simulation cases", () => {
  it("has the required cases", () => expect(files.length).toBeGreaterThanOrEqual(5));
  for (const file of files) {
    const c = modules[file]!;
    it(`${file}: ${c.name}`, async () => {
      const parsed = wizardInput.safeParse(defaultWizardInput(deepMerge(BASE_INPUT, c.input)));
      if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues));
      const input = parsed.data;
      const { base, ...overrides } = c.observed;
      let observed = deepMerge<ObservedState>(base === "empty" ? emptyObserved(input) : freshObserved(input), overrides);
      if (c.apply) {
        const setup = buildPlan(input, observed);
        const unknown = c.apply.filter((id) => !setup.changes.some((ch) => ch.id === id));
        expect(unknown, "apply names changes of the plan").toEqual([]);
        observed = applyToObserved({ ...setup, changes: setup.changes.filter((ch) => c.apply!.includes(ch.id)) }, observed);
      }
      const plan = buildPlan(input, observed);
      const result = await preflightWith(iamSimulateEvaluator, plan, observed);
      checkReport("before", result.simulation.before, c.expected.before);
      checkReport("after", result.simulation.after, c.expected.after);
      const d = c.expected.diagnostics;
      const ids = result.diagnostics.map((x) => x.id);
      for (const id of d?.has ?? []) expect(ids, id).toContain(id);
      for (const id of d?.lacks ?? []) expect(ids, id).not.toContain(id);
      for (const [id, texts] of Object.entries(d?.evidenceIncludes ?? {})) {
        const evidence = result.diagnostics.find((x) => x.id === id)?.evidence.join("\n") ?? "";
        for (const t of texts) expect(evidence, id).toContain(t);
      }
      for (const [field, map] of [
        ["message", d?.messageIncludes],
        ["fix", d?.fixIncludes],
      ] as const) {
        for (const [id, texts] of Object.entries(map ?? {})) {
          const text = result.diagnostics.find((x) => x.id === id)?.[field] ?? "";
          for (const t of texts) expect(text, `${id} ${field}`).toContain(t);
        }
      }
      const said = [...result.diagnostics.map((x) => `${x.message} ${x.evidence.join(" ")}`), ...plan.warnings.map((w) => w.message)].join(
        "\n",
      );
      for (const t of d?.noMessageIncludes ?? []) expect(said, `nothing mentions ${t}`).not.toContain(t);
      if (d?.blocking !== undefined)
        expect(result.blocking, JSON.stringify(result.diagnostics.filter((x) => x.severity === "error"))).toBe(d.blocking);
      // Everything the panel gets is plain data.
      expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    });
  }
});
