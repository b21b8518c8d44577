import "server-only";
// Which accounts and access roles this server may use its credentials in (LOCKBRIDGE_ALLOWED_ACCOUNTS,
// LOCKBRIDGE_ALLOWED_ROLE_ARNS). The server-action door refuses an input that names another; pages that
// read live state on their own (the vault page) read such an account as plan-only.
import { env } from "../env";
import { arnAccount } from "../schema/primitives";

export type AccountsLike = Record<"source" | "destination", { accountId: string; access: string; roleArn?: string }>;

/**
 * An allowed-role pattern: `*` matches within one part of the ARN (never across ":" or "/"), `**` also
 * across "/" (any role path). So `arn:aws:iam::*:role/LockbridgeAdmin` cannot be met by a role named
 * `x:role/LockbridgeAdmin` or by `LockbridgeAdmin` under another path.
 */
export const roleArnMatches = (pattern: string, value: string) =>
  new RegExp(
    `^${pattern
      .split("**")
      .map((part) =>
        part
          .split("*")
          .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
          .join("[^:/]*"),
      )
      .join("[^:]*")}$`,
  ).test(value);

/** Field errors for accounts this server may not use its credentials in (empty when all are allowed). */
export function accountRefusals(accounts: AccountsLike, prefix = ""): Record<string, string> {
  const { allowedAccounts, allowedRoleArns } = env();
  const out: Record<string, string> = {};
  for (const side of ["source", "destination"] as const) {
    const a = accounts[side];
    if (a.access === "plan-only") continue;
    if (allowedAccounts && !allowedAccounts.includes(a.accountId)) {
      out[`${prefix}${side}.accountId`] =
        `This Lockbridge may only be used in accounts ${allowedAccounts.join(", ")} (LOCKBRIDGE_ALLOWED_ACCOUNTS); choose Plan only for any other account.`;
    }
    // The access role is in the account it reaches: a role ARN in another account would make the server
    // assume a role somewhere the allowed-accounts list never named.
    const roleAccount = a.access === "role" && a.roleArn ? (arnAccount(a.roleArn) ?? "") : undefined;
    if (roleAccount !== undefined && roleAccount !== a.accountId) {
      out[`${prefix}${side}.roleArn`] = `The access role must be in account ${a.accountId}; this ARN is in ${roleAccount || "no account"}.`;
      continue;
    }
    if (a.access === "role" && allowedRoleArns && !(a.roleArn && allowedRoleArns.some((p) => roleArnMatches(p, a.roleArn!)))) {
      out[`${prefix}${side}.roleArn`] =
        `This Lockbridge may only assume roles matching ${allowedRoleArns.join(" or ")} (LOCKBRIDGE_ALLOWED_ROLE_ARNS).`;
    }
  }
  return out;
}
