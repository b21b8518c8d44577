"use client";
import { useCallback, useState, useTransition } from "react";
import { wizardInput } from "@/lib/schema/wizard";
import { readLiveState } from "../actions";
import { useDraft } from "./draft-provider";
import { bothPlanOnly } from "./draft-keys";
import { observedKey } from "./use-plan";

/** Reads the live state through the server action and keeps it in the draft (session storage). */
export function useLiveState() {
  const { values, setObserved } = useDraft();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | undefined>();
  const canRead = !bothPlanOnly(values.accounts);
  const refresh = useCallback(() => {
    const parsed = wizardInput.safeParse(values);
    if (!parsed.success) return setError("Fix the fields marked in the steps first: the live state is read for a complete input.");
    const key = observedKey(parsed.data);
    start(async () => {
      setError(undefined);
      const r = await readLiveState(values);
      if (r.ok) setObserved({ key, observed: r.observed, readAt: r.readAt });
      else setError("message" in r ? r.message : `The server refused the input: ${Object.values(r.fieldErrors).join(" ")}`);
    });
  }, [values, setObserved]);
  return { canRead, refresh, pending, error };
}
