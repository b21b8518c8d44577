"use client";
import { formatTime as time } from "@/components/time";
import { Button } from "@/components/ui/button";
import type { PlanView } from "./use-plan";
import type { useLiveState } from "./use-live-state";

/** Where the "before" side of every diff comes from, and the button to read it again. */
export function LiveStateBar({ view, live }: { view?: PlanView; live: ReturnType<typeof useLiveState> }) {
  let text: string;
  if (!live.canRead) text = "Plan only: nothing is read from AWS, so every change shows as “would create (state unknown)”.";
  else if (live.pending) text = "Reading the live state in both accounts…";
  else if (view?.live) text = `Compared with the live state read at ${time(view.live.readAt)}.`;
  else if (!live.connected) text = "Connect both accounts on the first step: the preview then compares with what is live.";
  else if (live.error) text = "The live state could not be read: the preview shows the plan without it.";
  else text = "Reading the live state starts once every step's fields are valid.";
  return (
    <div className="live-bar">
      <p role="status" className="live-text">
        {text}
      </p>
      {live.canRead ? (
        <Button className="btn-small" onClick={live.refresh} disabled={live.pending}>
          {live.pending ? "Reading…" : "Refresh live state"}
        </Button>
      ) : null}
      {live.error ? (
        <p className="notice notice-error notice-small" role="alert">
          {live.error}
        </p>
      ) : null}
    </div>
  );
}
