// Change kinds (compare normalized documents) and a line diff for the review screen.
import { normalize, equivalent } from "./normalize";
import type { ChangeKind, Json } from "./types";

export { prettyJson } from "./canonical";

/** create when nothing exists, no-op when the normalized documents are equal, update otherwise. */
export function changeKind(before: Json | null | undefined, after: Json | null): ChangeKind {
  if (before === null || before === undefined) return after === null ? "no-op" : "create";
  return equivalent(before, after) ? "no-op" : "update";
}

export { normalize };

export type DiffLine = { kind: "same" | "add" | "del"; text: string };

const splitLines = (text: string) => (text === "" ? [] : text.split("\n"));

/**
 * Line diff by longest common subsequence, after trimming the common head and tail (policy edits are
 * usually local, so the table stays small). Beyond ~16M cells it degrades to delete-all/add-all.
 */
export function diffLines(beforeText: string, afterText: string): DiffLine[] {
  const a = splitLines(beforeText);
  const b = splitLines(afterText);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const out: DiffLine[] = a.slice(0, head).map((text) => ({ kind: "same", text }));
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  const n = x.length;
  const m = y.length;
  if (n * m > 16_000_000) {
    out.push(...x.map((text) => ({ kind: "del" as const, text })), ...y.map((text) => ({ kind: "add" as const, text })));
  } else {
    // lcs[i*(m+1)+j] = LCS length of x[i..] and y[j..]
    const w = m + 1;
    const lcs = new Uint32Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * w + j] = x[i] === y[j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (x[i] === y[j]) {
        out.push({ kind: "same", text: x[i]! });
        i++;
        j++;
      } else if (lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!) out.push({ kind: "del", text: x[i++]! });
      else out.push({ kind: "add", text: y[j++]! });
    }
    while (i < n) out.push({ kind: "del", text: x[i++]! });
    while (j < m) out.push({ kind: "add", text: y[j++]! });
  }
  out.push(...a.slice(a.length - tail).map((text) => ({ kind: "same" as const, text })));
  return out;
}
