import "server-only";
// LOCKBRIDGE_ALLOWED_ROLE_ARNS patterns, apart from action.ts so unit tests reach them without a request.
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
