"use client";
import { Button } from "@/components/ui/button";
import { useDraft } from "./draft-provider";

/**
 * The top of every wizard page: the draft's own news. Another tab saved a newer version of the draft:
 * this tab's edits are held (never written over the other tab's) until the person chooses. Below it,
 * the slot where Import and templates report (draft-tools.tsx).
 */
export function DraftNotices() {
  const { conflict, loadTheirs, keepMine } = useDraft();
  return (
    <>
      {conflict ? (
        <div className="notice notice-warn" role="alert" aria-labelledby="draft-conflict-title">
          <strong id="draft-conflict-title">This draft was changed in another tab</strong>
          Another tab or window saved a newer version of this draft. Your changes in this tab are not saved until you choose.
          <div className="actions">
            <Button variant="primary" className="btn-small" onClick={loadTheirs}>
              Load the other tab&apos;s version
            </Button>
            <Button className="btn-small" onClick={keepMine}>
              Keep mine (replace the other version)
            </Button>
          </div>
        </div>
      ) : null}
      <div id="wizard-notices" />
    </>
  );
}
