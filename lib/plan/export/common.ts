// Helpers shared by the exports.
import type { AccountSide, Change, Plan } from "../types";

/** Changes to export: in plan order, optionally one account's half (handed over to the other admin). */
export function exportedChanges(plan: Plan, account?: AccountSide): Change[] {
  return account ? plan.changes.filter((c) => c.account === account) : plan.changes;
}

/** Single-quoted shell word: nothing inside expands. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A heredoc delimiter that no line of `body` equals. */
export function heredocDelimiter(body: string, base = "LOCKBRIDGE_JSON"): string {
  const lines = new Set(body.split("\n"));
  let d = base;
  for (let i = 1; lines.has(d); i++) d = `${base}_${i}`;
  return d;
}

/** Comment text safe on one line (user text could contain newlines). */
export function oneLine(s: string): string {
  return s.replace(/[\r\n]+/g, " ");
}
