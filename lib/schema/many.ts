// "Plan these sources": several source buckets (of one or more connected accounts) into one vault, as
// the onboarding page's form holds them. The form and the server action parse with `manyPlanForm`; the
// server then turns it into one wizard input per source bucket (`manyInputs`), validated by the wizard's
// own schema, whose messages come back on the form's fields (sources.<i>.<field>, vault.<field>, …).
// zod/mini like every schema here: classic zod in any browser bundle grows the chunk every page loads.
import * as z from "zod/mini";
import { defaultWizardInput, wizardInput, type WizardInput } from "./wizard";

export const MAX_MANY_SOURCES = 40;

const text = (max: number) => z.string().check(z.maxLength(max, `At most ${max} characters.`));

const reach = {
  accountId: text(12),
  region: text(30),
  roleArn: text(2048),
  externalId: text(1224),
};

export const manyPlanSource = z.strictObject({ ...reach, bucket: text(63), sourceKeyArn: text(2048) });
export const manyPlanVault = z.strictObject({ ...reach, bucket: text(63) });

export const manyPlanForm = z.strictObject({
  sources: z
    .array(manyPlanSource)
    .check(
      z.minLength(1, "Pick at least one source bucket."),
      z.maxLength(MAX_MANY_SOURCES, `At most ${MAX_MANY_SOURCES} source buckets in one plan.`),
    ),
  vault: manyPlanVault,
  /** keep: leave the vault's default retention as it is. */
  retention: z.enum(["keep", "GOVERNANCE", "COMPLIANCE"]),
  retentionUnit: z.enum(["Days", "Years"]),
  retentionValue: text(6),
  /** Typed to weaken the vault's live default retention on purpose (the plan says the exact phrase). */
  downgradeConfirmation: text(200),
  encryption: z.enum(["none", "sse-kms"]),
  replicaKeyArn: text(2048),
  /** per-account: the buckets of one account share one replication role (one inline policy per bucket). */
  roles: z.enum(["per-bucket", "per-account"]),
});

export type ManyPlanForm = z.output<typeof manyPlanForm>;
export type ManyPlanSource = ManyPlanForm["sources"][number];
export type ManyPlanSettings = Omit<ManyPlanForm, "sources" | "vault">;

/** What "Plan several sources" starts from: keep the vault's retention, no SSE-KMS, one role per bucket. */
export const DEFAULT_MANY_SETTINGS: Readonly<ManyPlanSettings> = {
  retention: "keep",
  retentionUnit: "Days",
  retentionValue: "1",
  downgradeConfirmation: "",
  encryption: "none",
  replicaKeyArn: "",
  roles: "per-bucket",
};

/** Where a wizard-input issue shows on the form of several sources. */
function formPath(i: number, path: readonly PropertyKey[]): string {
  const p = path.map(String);
  if (p[0] === "accounts" && p[1] === "source") return `sources.${i}.${p[2] ?? "bucket"}`;
  if (p[0] === "accounts" && p[1] === "destination") return `vault.${p[2] ?? "bucket"}`;
  if (p[0] === "encryption" && p[1] === "sourceKeyArn") return `sources.${i}.sourceKeyArn`;
  if (p[0] === "encryption") return "replicaKeyArn";
  if (p[0] === "objectLock") return p[1] === "downgradeConfirmation" ? "downgradeConfirmation" : "retentionValue";
  return `sources.${i}.bucket`;
}

/** One wizard input per source bucket, or the form's field errors (never both). */
export function manyInputs(form: ManyPlanForm): { inputs: WizardInput[]; fieldErrors: Record<string, string> } {
  const fieldErrors: Record<string, string> = {};
  const inputs: WizardInput[] = [];
  const value = Number(form.retentionValue);
  if (form.retention !== "keep" && !/^\d{1,6}$/.test(form.retentionValue.trim()))
    fieldErrors.retentionValue = "Enter a whole number of days or years.";
  const seen = new Set<string>();
  form.sources.forEach((s, i) => {
    const key = `${s.accountId.trim()}/${s.bucket.trim()}`;
    if (seen.has(key)) fieldErrors[`sources.${i}.bucket`] = `${s.bucket} is already in this plan.`;
    seen.add(key);
    const side = (x: typeof s | ManyPlanForm["vault"]) => ({
      accountId: x.accountId.trim(),
      region: x.region.trim(),
      bucket: x.bucket.trim(),
      access: "role" as const,
      roleArn: x.roleArn.trim(),
      externalId: x.externalId.trim(),
    });
    const parsed = wizardInput.safeParse(
      defaultWizardInput({
        accounts: { source: side(s), destination: side(form.vault) },
        objectLock: {
          downgradeConfirmation: form.downgradeConfirmation.trim(),
          retention:
            form.retention === "keep"
              ? { enabled: false }
              : { enabled: true, mode: form.retention, unit: form.retentionUnit, value: Number.isFinite(value) ? value : 0 },
        },
        encryption:
          form.encryption === "sse-kms"
            ? { mode: "sse-kms", sourceKeyArn: s.sourceKeyArn.trim(), destinationKeyArn: form.replicaKeyArn.trim(), bucketKeys: true }
            : { mode: "none" },
      }),
    );
    if (parsed.success) inputs.push(parsed.data);
    else for (const issue of parsed.error.issues) fieldErrors[formPath(i, issue.path)] ??= issue.message;
  });
  return Object.keys(fieldErrors).length > 0 ? { inputs: [], fieldErrors } : { inputs, fieldErrors };
}
