import type { ReactNode } from "react";
import { Stepper } from "@/components/stepper";
import { WIZARD_STEPS, stepHref } from "./steps";

export default function WizardLayout({ children }: { children: ReactNode }) {
  const steps = WIZARD_STEPS.map((s, i) => ({ href: stepHref(s.slug), label: s.label, available: i === 0 }));
  return (
    <div className="layout-wizard">
      <Stepper steps={steps} />
      <div>{children}</div>
    </div>
  );
}
