// "Export input": the wizard input as a JSON file in exactly the `wizardInput` schema (README "Input
// files and templates"). Pure and schema-free; importing (which validates) lives in input-file.ts.
import type { WizardFormValues } from "@/lib/schema/wizard";

/** The form values without UI leftovers (fields of the variant not chosen). */
export function cleanValues(v: WizardFormValues): WizardFormValues {
  const role =
    v.role.mode === "reuse"
      ? { mode: "reuse" as const, role: v.role.role }
      : { mode: "create" as const, roleName: v.role.roleName ?? "", path: v.role.path };
  const e = v.encryption;
  const encryption =
    e.mode === "sse-kms"
      ? { mode: e.mode, sourceKeyArn: e.sourceKeyArn, destinationKeyArn: e.destinationKeyArn, bucketKeys: e.bucketKeys }
      : { mode: "none" as const };
  // Spread first: steps added later (e.g. existingObjects) travel in the file without changes here.
  return { ...v, role, encryption, bucketPolicy: {} };
}

export function inputFileText(v: WizardFormValues): string {
  return `${JSON.stringify(cleanValues(v), null, 2)}\n`;
}

export function inputFileName(v: WizardFormValues): string {
  const s = v.accounts.source.bucket || "source";
  const d = v.accounts.destination.bucket || "destination";
  return `lockbridge-input-${s}-to-${d}.json`;
}
