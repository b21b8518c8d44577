"use client";
// Step states need the schemas (zod, ~30 kB gzipped). The layout is on every page, including the first
// step, so it loads them as a separate chunk after hydration instead of in the page's initial scripts.
import { useEffect, useMemo, useState } from "react";
import { useDraft } from "./draft-provider";
import type { StepState } from "./step-status";

type StatusModule = typeof import("./step-status");
let loadedModule: StatusModule | undefined;
let loading: Promise<StatusModule> | undefined;

export function loadStepStatus(): Promise<StatusModule> {
  loading ??= import("./step-status").then((m) => (loadedModule = m));
  return loading;
}

/** Every step's state, or undefined until the draft and the schemas are loaded. */
export function useStepStates(): StepState[] | undefined {
  const { values, connection, confirmation, completed, completedWith, loaded } = useDraft();
  const [mod, setMod] = useState<StatusModule | undefined>(loadedModule);
  useEffect(() => {
    if (!mod) void loadStepStatus().then(setMod);
  }, [mod]);
  return useMemo(
    () => (mod && loaded ? mod.stepStates({ values, connection, confirmation, completed, completedWith }) : undefined),
    [mod, loaded, values, connection, confirmation, completed, completedWith],
  );
}
