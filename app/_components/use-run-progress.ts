"use client";
// The one polling loop of both apply pages: asks the server for a run's snapshot every 500 ms while it
// runs, and stops when it ends or the page moves on. The server action is passed in (shared code here never
// imports a route's actions).
import { useEffect, useState } from "react";
import type { RunSnapshot } from "@/lib/apply/types";

const POLL_MS = 500;

export type ProgressAnswer = { ok: true; run: RunSnapshot } | { ok: false; message: string };

/** The latest snapshot of `runId` (undefined until the first answer); `onEnd` runs once when a watched run ends. */
export function useRunProgress(
  runId: string | undefined,
  poll: (runId: string) => Promise<ProgressAnswer>,
  onEnd?: (run: RunSnapshot, watched: boolean) => void,
): { run?: RunSnapshot; error?: string } {
  const [state, setState] = useState<{ run?: RunSnapshot; error?: string }>({});
  useEffect(() => {
    setState({});
    if (!runId) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let watched = false;
    const tick = async () => {
      const res = await poll(runId).catch((e: unknown): ProgressAnswer => ({ ok: false, message: String(e) }));
      if (stopped) return;
      if (!res.ok) return setState((s) => ({ ...s, error: res.message }));
      setState({ run: res.run });
      if (res.run.status === "running") {
        watched = true;
        timer = setTimeout(tick, POLL_MS);
      } else onEnd?.(res.run, watched);
    };
    void tick();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
    // A new run id starts a new loop; poll and onEnd are read at that moment on purpose.
  }, [runId]);
  return state;
}
