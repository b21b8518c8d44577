"use client";
// The wizard's working copy: form values of every step (the schema's *input* shape; each step
// validates its part), plus the Connect result, the Object Lock confirmation, which steps were
// completed, and the live state last read. See draft-storage.ts for where each piece is kept.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import type { WizardFormValues } from "@/lib/schema/wizard";
import type { StepSlug } from "../steps";
import {
  type Confirmation,
  type Persisted,
  type SavedConnection,
  type SavedObserved,
  emptyDraft,
  loadDraft,
  loadObserved,
  saveDraft,
  saveObserved,
} from "./draft-storage";

export type { Confirmation, SavedConnection, SavedObserved } from "./draft-storage";

type DraftContext = {
  values: WizardFormValues;
  /** Replaces one step's values (e.g. update("rule", ruleValues)). */
  update: <K extends keyof WizardFormValues>(step: K, value: WizardFormValues[K]) => void;
  /** Replaces all values. Open step forms start again from the new values unless remount is false. */
  replace: (values: WizardFormValues, opts?: { remount?: boolean }) => void;
  loaded: boolean;
  /** Bumped when values are replaced from outside the forms (template, import, start over). */
  revision: number;
  connection?: SavedConnection;
  setConnection: (c: SavedConnection | undefined) => void;
  confirmation?: Confirmation;
  setConfirmation: (c: Confirmation | undefined) => void;
  completed: StepSlug[];
  setCompleted: (slugs: StepSlug[]) => void;
  markCompleted: (slug: StepSlug) => void;
  observed?: SavedObserved;
  setObserved: (o: SavedObserved | undefined) => void;
  /** A new wizard's values (defaultWizardInput), e.g. to stand in for a step not filled in yet. */
  blank: WizardFormValues;
  /** Forget everything (values, connection, confirmation, live state). */
  clear: () => void;
};

const Ctx = createContext<DraftContext | undefined>(undefined);

/** `blank`: defaultWizardInput(), computed by the server layout. */
export function DraftProvider({ blank, children }: { blank: WizardFormValues; children: ReactNode }) {
  // The first blank wins: a re-rendered layout must not reset the draft.
  const blankRef = useRef(blank);
  const [draft, setDraft] = useState<Persisted>(() => emptyDraft(blankRef.current));
  const [observed, setObservedState] = useState<SavedObserved | undefined>();
  const [loaded, setLoaded] = useState(false);
  const [revision, setRevision] = useState(0);

  useEffect(() => {
    const stored = loadDraft(blankRef.current);
    if (stored) setDraft(stored);
    setObservedState(loadObserved());
    setLoaded(true);
  }, []);

  useEffect(() => {
    if (loaded) saveDraft(draft);
  }, [draft, loaded]);

  const update = useCallback<DraftContext["update"]>((step, value) => setDraft((d) => ({ ...d, values: { ...d.values, [step]: value } })), []);
  const replace = useCallback((values: WizardFormValues, opts?: { remount?: boolean }) => {
    setDraft((d) => ({ ...d, values }));
    if (opts?.remount !== false) setRevision((r) => r + 1);
  }, []);
  const setConnection = useCallback((connection: SavedConnection | undefined) => setDraft((d) => ({ ...d, connection })), []);
  const setConfirmation = useCallback((confirmation: Confirmation | undefined) => setDraft((d) => ({ ...d, confirmation })), []);
  const setCompleted = useCallback((completed: StepSlug[]) => setDraft((d) => ({ ...d, completed })), []);
  const markCompleted = useCallback(
    (slug: StepSlug) => setDraft((d) => (d.completed.includes(slug) ? d : { ...d, completed: [...d.completed, slug] })),
    [],
  );
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
    () => ({ ...draft, blank: blankRef.current, update, replace, loaded, revision, setConnection, setConfirmation, setCompleted, markCompleted, observed, setObserved, clear }),
    [draft, update, replace, loaded, revision, setConnection, setConfirmation, setCompleted, markCompleted, observed, setObserved, clear],
  );
  return <Ctx.Provider value={ctx}>{children}</Ctx.Provider>;
}

export function useDraft(): DraftContext {
  const ctx = useContext(Ctx);
  if (!ctx) throw new Error("useDraft must be used inside <DraftProvider>");
  return ctx;
}
