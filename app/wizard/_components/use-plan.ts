"use client";
// The plan the preview shows: buildPlan (pure, fast) on the draft, against the live state when one was
// read for exactly these buckets, role and keys, otherwise against "nothing known" (plan-only).
import { useMemo, useRef } from "react";
import { type Plan, buildPlan, discoveryTargets, emptyObserved } from "@/lib/plan";
import { type WizardFormValues, type WizardInput, wizardInput } from "@/lib/schema/wizard";
import { useDraft, type SavedObserved } from "./draft-provider";

/** What a live read depends on: change any of it and the read no longer describes the input. */
export function observedKey(input: WizardInput): string {
  const side = (s: WizardInput["accounts"]["source"]) => [s.accountId, s.region, s.bucket, s.access, s.roleArn ?? "", s.externalId ?? ""];
  return JSON.stringify([side(input.accounts.source), side(input.accounts.destination), discoveryTargets(input)]);
}

type StepKey = "objectLock" | "role" | "encryption" | "rule";
export type PlanView = { input: WizardInput; plan: Plan; live?: SavedObserved; stale: boolean; standIns: StepKey[] };

/**
 * Parses the draft. When another step than `current` is incomplete (e.g. a template chose SSE-KMS but
 * the keys are not typed yet), that step's blank values stand in so the preview still shows this
 * step's documents; the view lists the stand-ins so the preview can say so.
 */
function parseForPreview(values: WizardFormValues, blank: WizardFormValues, current?: StepKey) {
  const first = wizardInput.safeParse(values);
  if (first.success) return { input: first.data, standIns: [] as StepKey[] };
  const bad = new Set(first.error.issues.map((i) => String(i.path[0])));
  const standIns = (["objectLock", "role", "encryption", "rule"] as const).filter((k) => bad.has(k) && k !== current);
  if (bad.has("accounts") || (current && bad.has(current)) || standIns.length === 0) return undefined;
  const patched = { ...values, ...Object.fromEntries(standIns.map((k) => [k, blank[k]])) };
  const second = wizardInput.safeParse(patched);
  return second.success ? { input: second.data, standIns } : undefined;
}

export function usePlan(current?: StepKey): { view?: PlanView; current: boolean } {
  const { values, observed, blank } = useDraft();
  const last = useRef<PlanView | undefined>(undefined);
  const view = useMemo<PlanView | undefined>(() => {
    const parsed = parseForPreview(values, blank, current);
    if (!parsed) return undefined;
    const { input, standIns } = parsed;
    const live = observed?.key === observedKey(input) ? observed : undefined;
    return { input, plan: buildPlan(input, live?.observed ?? emptyObserved(input)), live, stale: !!observed && !live, standIns };
  }, [values, observed, blank, current]);
  // While a field of this step is invalid the preview keeps showing the last valid plan (and says so).
  if (view) last.current = view;
  return { view: view ?? last.current, current: view !== undefined };
}
