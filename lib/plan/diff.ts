// Change kinds (compare normalized documents) and a line diff for the review screen.
import { canonicalJson, prettyJson } from "./canonical";
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
export function diffLines(beforeText: string, afterText: string, keyOf: (line: string) => string = (l) => l): DiffLine[] {
  const a = splitLines(beforeText);
  const b = splitLines(afterText);
  const ka = a.map(keyOf);
  const kb = b.map(keyOf);
  let head = 0;
  while (head < a.length && head < b.length && ka[head] === kb[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && ka[a.length - 1 - tail] === kb[b.length - 1 - tail]) tail++;
  // Unchanged lines are shown as they are in the new text.
  const out: DiffLine[] = b.slice(0, head).map((text) => ({ kind: "same", text }));
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  const kx = ka.slice(head, a.length - tail);
  const ky = kb.slice(head, b.length - tail);
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
        lcs[i * w + j] = kx[i] === ky[j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (kx[i] === ky[j]) {
        out.push({ kind: "same", text: y[j]! });
        i++;
        j++;
      } else if (lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!) out.push({ kind: "del", text: x[i++]! });
      else out.push({ kind: "add", text: y[j++]! });
    }
    while (i < n) out.push({ kind: "del", text: x[i++]! });
    while (j < m) out.push({ kind: "add", text: y[j++]! });
  }
  out.push(...b.slice(b.length - tail).map((text) => ({ kind: "same" as const, text })));
  return out;
}

// ---- Diffs of meaning -------------------------------------------------------------------------------
// AWS returns documents in its own key order, collapses one-element lists and reorders set-like lists
// (actions, resources, principals, condition values, statements, rules). A line diff of the raw texts
// then shows changes nobody made. Before diffing, both sides are put in one canonical shape: keys in a
// fixed order, set-like lists sorted, and every part of the live document that means the same as the
// planned one written exactly like the planned one. Only real differences are left as lines.

// Keys first in this order (the order people read policies and rules in), every other key alphabetically.
const KEY_RANK = [
  "Version",
  "Id",
  "Role",
  "Rules",
  "Statement",
  "Sid",
  "ID",
  "Effect",
  "Status",
  "Priority",
  "Principal",
  "NotPrincipal",
  "Action",
  "NotAction",
  "Resource",
  "NotResource",
  "Condition",
  "Filter",
  "Prefix",
  "Tag",
  "And",
  "Tags",
  "Key",
  "Value",
  "Destination",
  "Bucket",
  "Account",
];
const rank = (k: string) => {
  const i = KEY_RANK.indexOf(k);
  return i === -1 ? KEY_RANK.length : i;
};
const byKey = (a: string, b: string) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);

// Lists AWS treats as sets: order carries no meaning, so both sides are sorted the same way.
const SET_KEYS = new Set([
  "Action",
  "NotAction",
  "Resource",
  "NotResource",
  "AWS",
  "Service",
  "Federated",
  "CanonicalUser",
  "Statement",
  "Rules",
  "Tags",
  "TagSet",
]);

/** What identifies an element of a set-like list across both sides (a statement's Sid, a rule's ID, a tag's Key). */
function identity(v: Json): string {
  if (isObjectJson(v)) {
    if (typeof v.Sid === "string" && v.Sid) return `0${v.Sid}`;
    if (typeof v.ID === "string" && v.ID) return `0${v.ID}`;
    if (typeof v.Key === "string") return `0${v.Key}`;
  }
  return `1${canonicalJson(normalize(v) ?? null)}`;
}
const isObjectJson = (v: unknown): v is { [key: string]: Json } => typeof v === "object" && v !== null && !Array.isArray(v);

/** `value` with canonical key order and sorted set-like lists (inside a Condition every list is a set). */
export function displayForm(value: Json, key = "", inCondition = false): Json {
  if (Array.isArray(value)) {
    const items = value.map((v) => displayForm(v, "", inCondition));
    return SET_KEYS.has(key) || inCondition
      ? items.sort((a, b) => (identity(a) < identity(b) ? -1 : identity(a) > identity(b) ? 1 : 0))
      : items;
  }
  if (isObjectJson(value)) {
    const out: { [k: string]: Json } = {};
    for (const k of Object.keys(value).sort(byKey)) out[k] = displayForm(value[k]!, k, inCondition || k === "Condition");
    return out;
  }
  return value;
}

/** The live document in display form, with every part equivalent to the planned one written as planned. */
function aligned(before: Json, after: Json | undefined, key: string, inCondition: boolean): Json {
  if (after !== undefined && equivalentJson(before, after)) return displayForm(after, key, inCondition);
  if (isObjectJson(before) && isObjectJson(after)) {
    const out: { [k: string]: Json } = {};
    for (const k of Object.keys(before).sort(byKey)) out[k] = aligned(before[k]!, after[k], k, inCondition || k === "Condition");
    return out;
  }
  if (Array.isArray(before) && Array.isArray(after) && (SET_KEYS.has(key) || inCondition)) {
    const planned = new Map(after.map((a) => [identity(a), a] as const));
    return displayForm(
      before.map((b) => aligned(b, planned.get(identity(b)), "", inCondition)),
      key,
      inCondition,
    );
  }
  return displayForm(before, key, inCondition);
}

const equivalentJson = (a: Json, b: Json) => canonicalJson(normalize(a) ?? null) === canonicalJson(normalize(b) ?? null);

/**
 * The diff a person should see between a live document and the planned one: only differences of
 * meaning. Documents that mean the same give no added or removed line at all.
 */
export function documentDiff(before: Json | null | undefined, after: Json | null | undefined): DiffLine[] {
  const b = before === null || before === undefined ? "" : prettyJson(aligned(before, after ?? undefined, "", false));
  const a = after === null || after === undefined ? "" : prettyJson(displayForm(after));
  // A comma that only appears because a line now follows is not a change.
  return diffLines(b, a, (line) => line.replace(/,$/, ""));
}

/** Unchanged lines kept around each change, and the shortest run worth folding. */
const CONTEXT = 3;
const FOLD_AT = 8;

export type DiffSegment = { folded: boolean; lines: DiffLine[] };

/**
 * Runs of unchanged lines far from any change are folded: a vault policy with many foreign statements is
 * hundreds of lines, and the approver needs to see what changes, with a few lines of context to place it.
 * A folded run is one click away, so kept statements can still be read.
 */
export function diffSegments(lines: DiffLine[]): DiffSegment[] {
  const near = lines.map(() => false);
  lines.forEach((l, i) => {
    if (l.kind === "same") return;
    for (let j = Math.max(0, i - CONTEXT); j <= Math.min(lines.length - 1, i + CONTEXT); j++) near[j] = true;
  });
  const out: DiffSegment[] = [];
  let i = 0;
  while (i < lines.length) {
    const fold = lines[i]!.kind === "same" && !near[i];
    let j = i;
    while (j < lines.length && (lines[j]!.kind === "same" && !near[j]) === fold) j++;
    const run = lines.slice(i, j);
    const last = out[out.length - 1];
    if (fold && run.length >= FOLD_AT) out.push({ folded: true, lines: run });
    else if (last && !last.folded) last.lines.push(...run);
    else out.push({ folded: false, lines: run });
    i = j;
  }
  return out;
}
