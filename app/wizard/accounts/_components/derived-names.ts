import { deriveRoleName, deriveRuleId } from "@/lib/schema/names";
import type { WizardFormValues } from "@/lib/schema/wizard";

/**
 * New accounts for the draft. A role name or rule ID the user never changed (empty, or derived from
 * the old bucket names) follows the new buckets; anything typed by hand is kept.
 */
export function withAccounts(v: WizardFormValues, accounts: WizardFormValues["accounts"]): WizardFormValues {
  const old = v.accounts;
  const oldRole = deriveRoleName(old.source.bucket, old.destination.bucket);
  const oldRule = deriveRuleId(old.destination.accountId, old.destination.bucket);
  const role =
    v.role.mode === "create" && (!v.role.roleName || v.role.roleName === oldRole)
      ? { ...v.role, roleName: deriveRoleName(accounts.source.bucket, accounts.destination.bucket) }
      : v.role;
  const ruleId =
    !v.rule?.ruleId || v.rule.ruleId === oldRule
      ? deriveRuleId(accounts.destination.accountId, accounts.destination.bucket)
      : v.rule.ruleId;
  return { ...v, accounts, role, rule: { ...v.rule, ruleId } };
}
