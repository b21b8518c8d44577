import type { MouseEvent } from "react";
import { Button } from "@/components/ui/button";

/**
 * Keeps focus in the field being edited when a nav button is pressed with the mouse. Otherwise the
 * field's blur validates it first, its error appears or disappears, the button moves under the pointer
 * and the click is lost. The submit validates every field anyway.
 */
export const keepFocus = (e: MouseEvent) => e.preventDefault();

/** Back / Next at the bottom of a step form. Next is the form's submit button (Enter works too). */
export function StepNav({
  onBack,
  backLabel,
  nextLabel,
  nextDisabled,
}: {
  onBack?: () => void;
  backLabel?: string;
  nextLabel: string;
  nextDisabled?: boolean;
}) {
  return (
    <div className="actions step-nav">
      {onBack ? (
        <Button
          onClick={onBack}
          onMouseDown={keepFocus}
          aria-label={backLabel ? `Back to ${backLabel}` : undefined}
          title={backLabel ? `Back to ${backLabel}` : undefined}
        >
          Back
        </Button>
      ) : null}
      <Button type="submit" variant="primary" disabled={nextDisabled} onMouseDown={keepFocus}>
        {nextLabel}
      </Button>
    </div>
  );
}
