"use client";
// "Add a source": the wizard starts with this vault's side, retention and encryption, locked.
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import type { WizardFormValues } from "@/lib/schema/wizard";
import { seedWizardForVault } from "../../onboard/_components/wizard-seed";

export function AddSource({ vault }: { vault: Pick<WizardFormValues, "accounts" | "objectLock" | "encryption"> }) {
  const router = useRouter();
  return (
    <Button
      variant="primary"
      onClick={() => {
        seedWizardForVault(vault);
        router.push("/wizard/accounts");
      }}
    >
      Add a source
    </Button>
  );
}
