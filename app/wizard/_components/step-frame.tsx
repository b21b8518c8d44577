import type { ReactNode } from "react";
import type { PlanDocumentId } from "@/lib/plan";
import { LivePreview } from "./live-preview";

/** A step's form beside its live preview (the preview drops below the form on narrow screens). */
export function StepFrame({
  children,
  focus,
  prefixes,
  step,
}: {
  children: ReactNode;
  focus: PlanDocumentId[];
  prefixes: string[];
  step?: "objectLock" | "role" | "encryption" | "rule";
}) {
  return (
    <div className="step-layout">
      <div className="step-form">{children}</div>
      <LivePreview focus={focus} prefixes={prefixes} step={step} />
    </div>
  );
}
