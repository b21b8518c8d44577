"use client";
import { useMemo } from "react";
import { Stepper } from "@/components/stepper";
import { AFTER_STEPS, WIZARD_STEPS, stepHref } from "../steps";
import { useDraft } from "./draft-provider";
import { useStepStates } from "./use-step-states";

/** The stepper fed by the draft: a step is a link once every earlier step is done. */
export function WizardStepper() {
  const { completed, applied } = useDraft();
  // Nothing completed yet: every step after the first is closed and none is done, whatever the schemas
  // say, which is exactly what is shown before the states are known. The schemas are not loaded for it.
  const states = useStepStates(completed.length > 0);
  const steps = useMemo(
    () => [
      ...WIZARD_STEPS.map((s, i) => {
        const st = states?.[i];
        // Until the draft and schemas are read only step 1 is offered, so nothing flashes as reachable.
        return {
          href: stepHref(s.slug),
          label: s.label,
          available: st ? st.available : i === 0,
          done: !!st?.done,
          invalid: !!st && completed.includes(s.slug) && !st.valid,
          review: st?.review,
        };
      }),
      // Apply, backfill and verify act on a complete plan: offered once Review is reachable and valid.
      ...AFTER_STEPS.map((s) => {
        const review = states?.[WIZARD_STEPS.length - 1];
        const available = !!review && review.available && review.valid;
        // Apply is done once a run applied exactly these values; the two after it have no tick of their own.
        return { href: `/wizard/${s.slug}`, label: s.label, available, done: s.slug === "apply" && available && applied };
      }),
    ],
    [states, completed, applied],
  );
  return <Stepper steps={steps} />;
}
