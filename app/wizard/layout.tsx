import type { ReactNode } from "react";
import { defaultWizardInput } from "@/lib/schema/wizard";
import { DraftNotices } from "./_components/draft-notices";
import { DraftProvider } from "./_components/draft-provider";
import { DraftTools } from "./_components/draft-tools";
import { WizardStepper } from "./_components/wizard-stepper";

export default function WizardLayout({ children }: { children: ReactNode }) {
  return (
    <DraftProvider blank={defaultWizardInput()}>
      <div className="layout-wizard">
        <div className="wizard-nav">
          <WizardStepper />
        </div>
        <div className="wizard-main">
          <DraftNotices />
          {children}
        </div>
        <aside className="wizard-tools" aria-label="Draft">
          <DraftTools />
        </aside>
      </div>
    </DraftProvider>
  );
}
