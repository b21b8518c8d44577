"use client";
// The wizard's working copy, and the one source of truth for every step: form values of every step
// (the schema's *input* shape; each step validates its part), plus the Connect result, the Object Lock
// confirmation, which steps were completed (and with what), and the live state last read. Every edit
// on any step goes here at once. See draft-storage.ts for where each piece is kept and versioned.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import type { WizardFormValues } from "@/lib/schema/wizard";
import type { StepSlug } from "../steps";
import { type FormStep, dependencyKey } from "./draft-keys";
import {
  type Confirmation,
  type Persisted,
  type SavedConnection,
  type SavedObserved,
  type Stored,
  STORAGE_KEY,
  emptyDraft,
  loadDraft,
  loadObserved,
  parseStored,
  saveDraft,
  saveObserved,
  storedVersion,
} from "./draft-storage";

export type { Confirmation, SavedConnection, SavedObserved } from "./draft-storage";

type DraftContext = {
  values: WizardFormValues;
  /** Replaces one step's values (e.g. update("rule", ruleValues)). */
  update: <K extends keyof WizardFormValues>(step: K, value: WizardFormValues[K]) => void;
  /** Derives new values from the latest ones (e.g. new accounts with the names that follow them). */
  edit: (fn: (values: WizardFormValues) => WizardFormValues) => void;
  /** Replaces all values. Open step forms start again from the new values unless remount is false. */
  replace: (values: WizardFormValues, opts?: { remount?: boolean }) => void;
  loaded: boolean;
  /** Bumped when values are replaced from outside the forms (template, import, start over, other tab). */
  revision: number;
  connection?: SavedConnection;
  setConnection: (c: SavedConnection | undefined) => void;
  confirmation?: Confirmation;
  setConfirmation: (c: Confirmation | undefined) => void;
  completed: StepSlug[];
  completedWith?: Partial<Record<StepSlug, string>>;
  setCompleted: (slugs: StepSlug[]) => void;
  markCompleted: (slug: StepSlug) => void;
  /** Whether a run applied exactly the current values; markApplied records that it did. */
  applied: boolean;
  markApplied: () => void;
  observed?: SavedObserved;
  setObserved: (o: SavedObserved | undefined) => void;
  /** A new wizard's values (defaultWizardInput), e.g. to stand in for a step not filled in yet. */
  blank: WizardFormValues;
  /** Forget everything (values, connection, confirmation, live state). */
  clear: () => void;
  /** Another tab saved a newer version of this draft; this tab holds its own edits until the person chooses. */
  conflict?: Stored;
  loadTheirs: () => void;
  keepMine: () => void;
};

const Ctx = createContext<DraftContext | undefined>(undefined);

const withDependencies = (d: Persisted, slugs: StepSlug[]): Persisted => ({
  ...d,
  completed: slugs,
  completedWith: Object.fromEntries(
    slugs.map((s) => [s, s === "review" ? JSON.stringify(d.values) : dependencyKey(s as FormStep, d.values)]),
  ),
});

/** `blank`: defaultWizardInput(), computed by the server layout. */
export function DraftProvider({ blank, children }: { blank: WizardFormValues; children: ReactNode }) {
  // The first blank wins: a re-rendered layout must not reset the draft.
  const blankRef = useRef(blank);
  const [draft, setDraft] = useState<Persisted>(() => emptyDraft(blankRef.current));
  const [observed, setObservedState] = useState<SavedObserved | undefined>();
  const [loaded, setLoaded] = useState(false);
  const [revision, setRevision] = useState(0);
  const [conflict, setConflict] = useState<Stored | undefined>();
  // The stored version this tab last read or wrote, and what it wrote (an unchanged draft is not re-saved).
  const version = useRef(0);
  const lastSaved = useRef("");

  useEffect(() => {
    const stored = loadDraft(blankRef.current);
    if (stored) {
      setDraft(stored.draft);
      version.current = stored.version;
      lastSaved.current = JSON.stringify(stored.draft);
    }
    setObservedState(loadObserved());
    setLoaded(true);
  }, []);

  useEffect(() => {
    if (!loaded) return;
    const text = JSON.stringify(draft);
    if (text === lastSaved.current) return;
    // Another tab wrote since this one last read: never overwrite it silently.
    if (storedVersion() > version.current) {
      const theirs = loadDraft(blankRef.current);
      if (theirs) return setConflict(theirs);
    }
    version.current += 1;
    lastSaved.current = text;
    saveDraft(draft, version.current);
  }, [draft, loaded]);

  useEffect(() => {
    const onStorage = (e: StorageEvent) => {
      if (e.key !== STORAGE_KEY) return;
      const theirs = parseStored(e.newValue, blankRef.current);
      if (theirs && theirs.version > version.current) setConflict(theirs);
    };
    window.addEventListener("storage", onStorage);
    return () => window.removeEventListener("storage", onStorage);
  }, []);

  const loadTheirs = useCallback(() => {
    const theirs = loadDraft(blankRef.current) ?? conflict;
    if (!theirs) return;
    version.current = theirs.version;
    lastSaved.current = JSON.stringify(theirs.draft);
    setDraft(theirs.draft);
    setRevision((r) => r + 1);
    setConflict(undefined);
  }, [conflict]);
  const keepMine = useCallback(() => {
    version.current = Math.max(storedVersion(), version.current) + 1;
    lastSaved.current = JSON.stringify(draft);
    saveDraft(draft, version.current);
    setConflict(undefined);
  }, [draft]);

  const update = useCallback<DraftContext["update"]>(
    (step, value) => setDraft((d) => ({ ...d, values: { ...d.values, [step]: value } })),
    [],
  );
  const edit = useCallback((fn: (v: WizardFormValues) => WizardFormValues) => setDraft((d) => ({ ...d, values: fn(d.values) })), []);
  const replace = useCallback((values: WizardFormValues, opts?: { remount?: boolean }) => {
    setDraft((d) => ({ ...d, values }));
    if (opts?.remount !== false) setRevision((r) => r + 1);
  }, []);
  const setConnection = useCallback((connection: SavedConnection | undefined) => setDraft((d) => ({ ...d, connection })), []);
  const setConfirmation = useCallback((confirmation: Confirmation | undefined) => setDraft((d) => ({ ...d, confirmation })), []);
  const setCompleted = useCallback((completed: StepSlug[]) => setDraft((d) => withDependencies(d, completed)), []);
  const markCompleted = useCallback(
    (slug: StepSlug) =>
      setDraft((d) => ({
        ...d,
        completed: d.completed.includes(slug) ? d.completed : [...d.completed, slug],
        // Completed again: what it builds on now is what it was checked against.
        completedWith: { ...d.completedWith, [slug]: slug === "review" ? JSON.stringify(d.values) : dependencyKey(slug, d.values) },
      })),
    [],
  );
  const markApplied = useCallback(() => setDraft((d) => ({ ...d, appliedWith: JSON.stringify(d.values) })), []);
  const setObserved = useCallback((o: SavedObserved | undefined) => {
    setObservedState(o);
    saveObserved(o);
  }, []);
  const clear = useCallback(() => {
    setDraft(emptyDraft(blankRef.current));
    setRevision((r) => r + 1);
    setObserved(undefined);
  }, [setObserved]);

  const ctx = useMemo<DraftContext>(
    () => ({
      ...draft,
      blank: blankRef.current,
      update,
      edit,
      replace,
      loaded,
      revision,
      setConnection,
      setConfirmation,
      setCompleted,
      markCompleted,
      applied: draft.appliedWith !== undefined && draft.appliedWith === JSON.stringify(draft.values),
      markApplied,
      observed,
      setObserved,
      clear,
      conflict,
      loadTheirs,
      keepMine,
    }),
    [
      draft,
      update,
      edit,
      replace,
      loaded,
      revision,
      setConnection,
      setConfirmation,
      setCompleted,
      markCompleted,
      markApplied,
      observed,
      setObserved,
      clear,
      conflict,
      loadTheirs,
      keepMine,
    ],
  );
  return <Ctx.Provider value={ctx}>{children}</Ctx.Provider>;
}

export function useDraft(): DraftContext {
  const ctx = useContext(Ctx);
  if (!ctx) throw new Error("useDraft must be used inside <DraftProvider>");
  return ctx;
}
