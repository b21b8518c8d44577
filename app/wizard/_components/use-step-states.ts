"use client";
// Step states need the schemas (zod). The layout is on every page, including the first step, so it loads
// them as a separate chunk after hydration instead of in the page's initial scripts, and only when they
// can change what is shown (see useStepStates).
import { useEffect, useMemo, useState } from "react";
import { useDraft } from "./draft-provider";
import type { StepState } from "./step-status";

type ChecksModule = typeof import("./schema-checks");
let loadedModule: ChecksModule | undefined;
let loading: Promise<ChecksModule> | undefined;

/** The schema-backed checks (step states, an imported draft's first open step), loaded once. */
export function loadSchemaChecks(): Promise<ChecksModule> {
  loading ??= import("./schema-checks").then((m) => (loadedModule = m));
  return loading;
}

/**
 * Every step's state, or undefined until the draft and the schemas are loaded. `wanted` false: do not
 * load the schemas for this (states are still given once something else has loaded them).
 */
export function useStepStates(wanted = true): StepState[] | undefined {
  const { values, connection, confirmation, completed, completedWith, loaded } = useDraft();
  const [mod, setMod] = useState<ChecksModule | undefined>(loadedModule);
  useEffect(() => {
    if (wanted && !mod) void loadSchemaChecks().then(setMod);
  }, [wanted, mod]);
  return useMemo(
    () => (mod && loaded ? mod.stepStates({ values, connection, confirmation, completed, completedWith }) : undefined),
    [mod, loaded, values, connection, confirmation, completed, completedWith],
  );
}
