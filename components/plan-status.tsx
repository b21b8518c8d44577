// A saved plan's review status as a badge with plain words. Presentational: the status is a string prop
// (components/ does not import the store).
export type PlanStatusName = "draft" | "submitted" | "approved" | "rejected" | "applying" | "applied" | "failed";

const WORDS: Record<PlanStatusName, { label: string; badge: string; hint: string }> = {
  draft: { label: "Draft", badge: "badge-unknown", hint: "Not submitted for review yet." },
  submitted: { label: "Submitted", badge: "badge-update", hint: "Waiting for a reviewer to approve or reject it." },
  approved: { label: "Approved", badge: "badge-create", hint: "Approved for these exact changes; ready to apply." },
  rejected: { label: "Rejected", badge: "badge-danger", hint: "The reviewer asked for changes; see the comments." },
  applying: { label: "Applying", badge: "badge-update", hint: "Being applied right now." },
  applied: { label: "Applied", badge: "badge-no-op", hint: "Applied to both accounts." },
  failed: { label: "Failed", badge: "badge-danger", hint: "Apply stopped; what was already changed stays. Retry or re-plan." },
};

export function PlanStatus({ status, withHint = false }: { status: PlanStatusName; withHint?: boolean }) {
  const w = WORDS[status];
  return (
    <span data-status={status}>
      <span className={`badge ${w.badge}`}>{w.label}</span>
      {withHint ? <span className="muted"> {w.hint}</span> : null}
    </span>
  );
}
