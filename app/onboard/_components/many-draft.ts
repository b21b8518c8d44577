// The source buckets picked for one plan of several sources, kept in the browser between the onboarding
// page (Check → "Plan these sources") and the plan page, so buckets of several connected accounts can be
// gathered. Only names and access-role references: never credentials. The server re-validates everything.
import type { ManyPlanSource } from "@/lib/schema/many";

const KEY = "lockbridge:many-sources:v1";

export function pickedSources(): ManyPlanSource[] {
  try {
    const raw = window.localStorage.getItem(KEY);
    const list = raw ? (JSON.parse(raw) as unknown) : [];
    return Array.isArray(list) ? (list as ManyPlanSource[]) : [];
  } catch {
    return [];
  }
}

export function savePickedSources(list: ManyPlanSource[]): void {
  try {
    window.localStorage.setItem(KEY, JSON.stringify(list));
  } catch {
    // storage disabled: the plan page starts empty and the buckets can be listed there
  }
}

/** Adds buckets (a bucket already picked keeps its place and takes the new access). */
export function addPickedSources(added: ManyPlanSource[]): ManyPlanSource[] {
  const list = pickedSources();
  for (const s of added) {
    const i = list.findIndex((x) => x.accountId === s.accountId && x.bucket === s.bucket);
    if (i >= 0) list[i] = s;
    else list.push(s);
  }
  savePickedSources(list);
  return list;
}
