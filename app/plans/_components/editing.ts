// Which saved plan the wizard draft is editing ("Edit in wizard"), so a re-save updates that plan
// instead of creating another. Kept next to the draft in local storage; cleared by a save.
import type { WizardFormValues } from "@/lib/schema/wizard";

export const DRAFT_KEY = "lockbridge:draft:v1";
export const EDITING_KEY = "lockbridge:editing-plan:v1";

export function editingPlan(): string | undefined {
  try {
    const raw = window.localStorage.getItem(EDITING_KEY);
    return raw ? ((JSON.parse(raw) as { id?: string }).id ?? undefined) : undefined;
  } catch {
    return undefined;
  }
}

export function setEditingPlan(id: string | undefined): void {
  try {
    if (id) window.localStorage.setItem(EDITING_KEY, JSON.stringify({ id }));
    else window.localStorage.removeItem(EDITING_KEY);
  } catch {
    // storage disabled: a re-save then creates a new plan, which is still reviewed
  }
}

/** Loads a plan's input as the wizard draft (the wizard re-validates every step from it). */
export function loadIntoWizard(id: string, values: WizardFormValues): void {
  // A newer version than any tab holds: an open wizard tab is told, never silently writes over it.
  let version = 0;
  try {
    const v = (JSON.parse(window.localStorage.getItem(DRAFT_KEY) ?? "{}") as { version?: unknown }).version;
    version = typeof v === "number" ? v : 0;
  } catch {
    version = 0;
  }
  window.localStorage.setItem(DRAFT_KEY, JSON.stringify({ values, version: version + 1 }));
  setEditingPlan(id);
}

export function wizardDraftValues(): WizardFormValues | undefined {
  try {
    const raw = window.localStorage.getItem(DRAFT_KEY);
    return raw ? ((JSON.parse(raw) as { values?: WizardFormValues }).values ?? undefined) : undefined;
  } catch {
    return undefined;
  }
}
