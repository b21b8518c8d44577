"use client";
import { useCallback, useEffect, useMemo, useRef, useState, useTransition } from "react";
import { wizardInput } from "@/lib/schema/wizard";
import { readLiveState } from "../actions";
import { useDraft } from "./draft-provider";
import { bothPlanOnly, connectionCurrent } from "./draft-keys";
import { observedKey } from "./use-plan";

/** How long the input must stay unchanged before the live state is read again on its own. */
const SETTLE_MS = 700;

/**
 * Reads the live state through the server action and keeps it in the draft (session storage). With
 * `auto`, and both accounts connected, it reads by itself whenever the buckets, role or keys the read
 * depends on change (once the typing has settled): "state unknown" is then only ever shown for
 * plan-only accounts.
 */
export function useLiveState({ auto = false }: { auto?: boolean } = {}) {
  const { values, observed, connection, setObserved } = useDraft();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | undefined>();
  const canRead = !bothPlanOnly(values.accounts);
  const connected = connectionCurrent(values, connection);
  const target = useMemo(() => {
    const parsed = wizardInput.safeParse(values);
    return parsed.success ? observedKey(parsed.data) : undefined;
  }, [values]);

  const refresh = useCallback(() => {
    const parsed = wizardInput.safeParse(values);
    if (!parsed.success) return setError("Fix the fields marked in the steps first: the live state is read for a complete input.");
    const key = observedKey(parsed.data);
    start(async () => {
      setError(undefined);
      const r = await readLiveState(values);
      if (r.ok) setObserved({ key, observed: r.observed, readAt: r.readAt });
      else
        setError(
          "message" in r ? r.message : "The server could not read the live state for this input: check the fields marked in the steps.",
        );
    });
  }, [values, setObserved]);

  // One automatic attempt per input: a read that failed is not repeated in a loop (the button retries).
  const tried = useRef<string | undefined>(undefined);
  const due = auto && canRead && connected && target !== undefined && observed?.key !== target && tried.current !== target;
  useEffect(() => {
    if (!due || pending || !target) return;
    const timer = setTimeout(() => {
      tried.current = target;
      refresh();
    }, SETTLE_MS);
    return () => clearTimeout(timer);
  }, [due, pending, target, refresh]);

  return { canRead, connected, refresh, pending: pending || due, error };
}
