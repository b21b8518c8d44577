"use client";
import { useRouter } from "next/navigation";
import { type ChangeEvent, useEffect, useRef, useState } from "react";
import { createPortal } from "react-dom";
import { downloadText } from "@/components/download";
import { Button } from "@/components/ui/button";
import { WIZARD_STEPS } from "../steps";
import { useDraft } from "./draft-provider";
import { planOnlyConnection } from "./draft-keys";
import { inputFileName, inputFileText } from "./input-export";
import { loadSchemaChecks } from "./use-step-states";
import { TEMPLATES } from "./templates";

type Status = { kind: "ok" | "error"; message: string; issues?: string[] };

/** Export / import the input as a JSON file, start from a template, or start over. */
export function DraftTools() {
  const draft = useDraft();
  const router = useRouter();
  const [status, setStatus] = useState<Status | undefined>();
  const [confirmClear, setConfirmClear] = useState(false);
  // Results are shown at the top of the step, not in the sidebar: there they were below the fold (and on
  // a phone below the whole step), so an import that failed looked like an import that did nothing.
  const [slot, setSlot] = useState<HTMLElement | null>(null);
  useEffect(() => setSlot(document.getElementById("wizard-notices")), []);
  const statusRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (status?.kind === "error") statusRef.current?.scrollIntoView({ block: "nearest" });
  }, [status]);

  const onImport = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = ""; // importing the same file twice must fire change again
    if (!file) return;
    const [{ parseInputFile }, { firstOpenStep, stepStates }] = await Promise.all([import("./input-file"), loadSchemaChecks()]);
    const r = parseInputFile(await file.text());
    if (!r.ok) return setStatus({ kind: "error", message: `${file.name}: ${r.message}`, issues: r.issues });
    const connection = planOnlyConnection(r.values);
    const completed = WIZARD_STEPS.map((s) => s.slug).filter((s) => s !== "review");
    draft.replace(r.values);
    draft.setConnection(connection);
    draft.setConfirmation(undefined); // irreversible choices are always confirmed by hand
    draft.setCompleted(completed);
    draft.setObserved(undefined);
    const next = firstOpenStep(stepStates({ values: r.values, connection, confirmation: undefined, completed, completedWith: undefined }));
    setStatus({ kind: "ok", message: `Imported ${file.name}. Continue at “${next.label}”.` });
    router.push(next.href);
  };

  const statusView = (
    <div aria-live="polite" id="draft-status" ref={statusRef}>
      {status ? (
        <div
          className={`notice ${status.kind === "error" ? "notice-error" : "notice-ok"} notice-small draft-status`}
          role={status.kind === "error" ? "alert" : undefined}
        >
          {status.kind === "error" ? <strong>Import failed: nothing was changed</strong> : null}
          {status.message}
          {status.issues?.length ? (
            <ul className="problem-list">
              {status.issues.map((i) => (
                <li key={i}>{i}</li>
              ))}
            </ul>
          ) : null}
          <button type="button" className="btn btn-small btn-link" onClick={() => setStatus(undefined)}>
            Dismiss
          </button>
        </div>
      ) : null}
    </div>
  );

  return (
    <div className="draft-tools stack-sm">
      <h2 className="tools-title">Draft</h2>
      <p className="hint">Saved in this browser as you type.</p>
      <div className="tools-buttons">
        <Button
          className="btn-small"
          onClick={() => downloadText(inputFileName(draft.values), inputFileText(draft.values))}
          disabled={!draft.loaded}
        >
          Export input
        </Button>
        <label className="btn btn-small file-button">
          Import input
          <input type="file" accept="application/json,.json" className="visually-hidden" onChange={onImport} />
        </label>
      </div>
      <h3 className="tools-title">Start from a template</h3>
      <div className="tools-buttons">
        {TEMPLATES.map((t) => (
          <span key={t.id} className="tools-item">
            <Button
              className="btn-small"
              title={t.summary}
              aria-describedby={`template-${t.id}`}
              onClick={() => {
                draft.replace(t.apply(draft.values));
                setStatus({ kind: "ok", message: `Template “${t.name}” applied: ${t.summary}` });
              }}
            >
              {t.name}
            </Button>
            <span id={`template-${t.id}`} className="visually-hidden">
              {t.summary}
            </span>
          </span>
        ))}
      </div>
      {confirmClear ? (
        <div className="tools-buttons">
          <Button
            className="btn-small"
            variant="danger"
            onClick={() => {
              draft.clear();
              setConfirmClear(false);
              setStatus({ kind: "ok", message: "Draft cleared." });
              router.push("/wizard/accounts");
            }}
          >
            Clear the draft
          </Button>
          <Button className="btn-small" onClick={() => setConfirmClear(false)}>
            Keep it
          </Button>
        </div>
      ) : (
        <Button className="btn-small btn-link" onClick={() => setConfirmClear(true)}>
          Start over…
        </Button>
      )}
      {slot ? createPortal(statusView, slot) : statusView}
    </div>
  );
}
