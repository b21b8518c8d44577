// Built-in starting points. They set the vault-specific choices and keep the accounts (and any KMS
// keys already typed). A template never confirms Object Lock: the confirmation is bound to the mode,
// so a COMPLIANCE template still asks for the typed bucket name.
import type { WizardFormValues } from "@/lib/schema/wizard";

export type Template = { id: string; name: string; summary: string; apply: (v: WizardFormValues) => WizardFormValues };

const keysOf = (v: WizardFormValues) =>
  v.encryption.mode === "sse-kms" ? v.encryption : { sourceKeyArn: "", destinationKeyArn: "", bucketKeys: true };

export const TEMPLATES: Template[] = [
  {
    id: "compliance-vault",
    name: "Compliance vault",
    summary: "COMPLIANCE retention for 7 years, delete markers not replicated, replicas encrypted with SSE-KMS.",
    apply: (v) => ({
      ...v,
      objectLock: { retention: { enabled: true, mode: "COMPLIANCE", unit: "Years", value: 7 } },
      encryption: { mode: "sse-kms", ...keysOf(v) },
      rule: { ...v.rule, deleteMarkerReplication: false, ownerOverride: true, status: "Enabled" },
    }),
  },
  {
    id: "backup-copy",
    name: "Backup copy",
    summary: "GOVERNANCE retention for 30 days (privileged users can still shorten it), delete markers not replicated.",
    apply: (v) => ({
      ...v,
      objectLock: { retention: { enabled: true, mode: "GOVERNANCE", unit: "Days", value: 30 } },
      rule: { ...v.rule, deleteMarkerReplication: false, ownerOverride: true, status: "Enabled" },
    }),
  },
];
