// What the draft keeps besides the form values, and how it is stored. Values + connection +
// confirmation + completed steps live in local storage (they survive a reload or a closed tab); the
// live state read from AWS lives in session storage (it goes stale, and it can be large).
import type { ConnectResult } from "../accounts/actions";
import type { ObservedState } from "@/lib/plan";
import type { ObjectLockConfirmation } from "@/lib/schema/confirmation-key";
import type { WizardFormValues } from "@/lib/schema/wizard";
import type { StepSlug } from "../steps";

export type Connection = Extract<ConnectResult, { kind: "connection" }>;
/** The result of Connect, bound to the accounts it was made for (accountsKey of the values). */
export type SavedConnection = { key: string; result: Connection };
/** Typed confirmation of the irreversible Object Lock step, bound to the bucket and the exact retention. */
export type Confirmation = ObjectLockConfirmation;
/** Live state read by readLiveState, bound to what was read (observedKey of the input). */
export type SavedObserved = { key: string; observed: ObservedState; readAt: string };

export type Persisted = {
  values: WizardFormValues;
  connection?: SavedConnection;
  confirmation?: Confirmation;
  completed: StepSlug[];
  /** Per completed step, what the earlier steps it builds on were when Next was clicked (draft-keys.ts). */
  completedWith?: Partial<Record<StepSlug, string>>;
  /** The values a run applied successfully (Apply is ticked while the values are still these). */
  appliedWith?: string;
};

/**
 * The draft as stored, with a version: every write by any tab increments it. A tab writes only over
 * the version it last read or wrote, so two tabs on one draft never overwrite each other silently.
 */
export type Stored = { draft: Persisted; version: number };

export const STORAGE_KEY = "lockbridge:draft:v1";
const OBSERVED_KEY = "lockbridge:observed:v1";

// The blank values come from the server (defaultWizardInput) as a prop: importing the schema module
// here would put zod in every wizard page's initial scripts.
export function emptyDraft(blank: WizardFormValues): Persisted {
  return { values: blank, completed: [] };
}

export function parseStored(raw: string | null, blank: WizardFormValues): Stored | undefined {
  try {
    if (!raw) return undefined;
    const parsed = JSON.parse(raw) as Partial<Persisted> & { version?: number };
    if (!parsed.values) return undefined;
    return {
      version: typeof parsed.version === "number" ? parsed.version : 0,
      draft: {
        values: { ...blank, ...parsed.values },
        connection: parsed.connection,
        confirmation: parsed.confirmation,
        completed: Array.isArray(parsed.completed) ? parsed.completed : [],
        completedWith: parsed.completedWith && typeof parsed.completedWith === "object" ? parsed.completedWith : {},
        ...(typeof parsed.appliedWith === "string" ? { appliedWith: parsed.appliedWith } : {}),
      },
    };
  } catch {
    return undefined; // a corrupt draft is dropped, not fatal
  }
}

export function loadDraft(blank: WizardFormValues): Stored | undefined {
  try {
    return parseStored(window.localStorage.getItem(STORAGE_KEY), blank);
  } catch {
    return undefined;
  }
}

/** The version currently stored (0 when none). */
export function storedVersion(): number {
  try {
    const raw = window.localStorage.getItem(STORAGE_KEY);
    const v = raw ? (JSON.parse(raw) as { version?: unknown }).version : 0;
    return typeof v === "number" ? v : 0;
  } catch {
    return 0;
  }
}

export function saveDraft(d: Persisted, version: number) {
  try {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify({ ...d, version, savedAt: new Date().toISOString() }));
  } catch {
    // storage full or disabled (private mode): the draft still works for this tab
  }
}

export function loadObserved(): SavedObserved | undefined {
  try {
    const raw = window.sessionStorage.getItem(OBSERVED_KEY);
    return raw ? (JSON.parse(raw) as SavedObserved) : undefined;
  } catch {
    return undefined;
  }
}

export function saveObserved(o: SavedObserved | undefined) {
  try {
    if (o) window.sessionStorage.setItem(OBSERVED_KEY, JSON.stringify(o));
    else window.sessionStorage.removeItem(OBSERVED_KEY);
  } catch {
    // too large for session storage: keep it in memory only
  }
}
