"use client";
// "Save as plan for review": sends only the wizard input; the server validates it, reads both accounts,
// builds the plan and stores a draft, then this opens /plans/<id>. When the draft came from "Edit in
// wizard", it can instead save the changes to that plan (which goes back to draft for a new review).
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import type { WizardFormValues } from "@/lib/schema/wizard";
import { type ActionResult, savePlan, updatePlan } from "../actions";
import { ActionNotice } from "./action-notice";
import { editingPlan, setEditingPlan } from "./editing";

export function SavePlanButton({ values }: { values: WizardFormValues }) {
  const router = useRouter();
  const [editing, setEditing] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ActionResult<{ id: string }>>();
  useEffect(() => setEditing(editingPlan()), []);

  const save = async (mode: "new" | "update") => {
    setBusy(true);
    setResult(undefined);
    try {
      const res = mode === "update" && editing ? await updatePlan(editing, values) : await savePlan(values);
      setResult(res);
      if (res.ok) {
        setEditingPlan(undefined);
        router.push(`/plans/${res.id}`);
      }
    } catch (e) {
      setResult({ ok: false, message: `Could not save the plan: ${e instanceof Error ? e.message : String(e)}` });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="stack-sm">
      <div className="actions">
        {editing ? (
          <Button variant="primary" onClick={() => void save("update")} disabled={busy}>
            {busy ? "Saving…" : `Save changes to plan ${editing.slice(0, 8)}`}
          </Button>
        ) : null}
        <Button variant={editing ? "default" : "primary"} onClick={() => void save("new")} disabled={busy}>
          {busy && !editing ? "Reading both accounts…" : editing ? "Save as a new plan" : "Save as plan for review"}
        </Button>
      </div>
      <ActionNotice result={result} />
      <p className="muted" role="status">
        {result?.ok ? "Saved. Opening the plan…" : busy ? "Reading both accounts and building the plan…" : ""}
      </p>
    </div>
  );
}
