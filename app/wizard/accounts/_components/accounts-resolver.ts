// The accounts form's checks, loaded on demand with the other schema checks (../../_components/schema-checks.ts):
// the first step renders and hydrates without the validation library, which arrives right after
// (prefetched on mount) and before the first validation.
import type { AccountsStepInput } from "@/lib/schema/accounts";
import { formErrorsOf } from "@/lib/schema/errors";
import { wizardAccountsStep } from "@/lib/schema/wizard";
import type { Validation } from "./use-accounts-form";

/** The same schema the Connect action parses with; the messages as the other steps' forms show them. */
export async function validateAccounts(values: AccountsStepInput): Promise<Validation> {
  const r = await wizardAccountsStep.safeParseAsync(values);
  return r.success ? { ok: true, data: r.data } : { ok: false, errors: formErrorsOf(r.error.issues) };
}
