import { DraftSave } from "../_components/draft-save";

export const metadata = { title: "Save a plan · Lockbridge" };

export default function NewPlanPage() {
  return (
    <div className="stack">
      <h1>Save the wizard draft as a plan</h1>
      <p>
        A saved plan has its own address, goes through review and approval by a second person, and is applied from there. Every step is
        recorded in its history and every AWS write in the audit log.
      </p>
      <DraftSave />
    </div>
  );
}
