import "server-only";
// Saved plans: the server-only glue between the pages (app/plans, app/audit), the store (lifecycle,
// audit log), the apply engine and AWS. Pages and actions import from here.
export { saveDraft, updateDraft, replan, createRollback, submit, approve, reject, comment, type ReplanResult } from "./service";
export { startPlanApply, planRunProgress, type StartApplyResult } from "./apply";
export { liveReview, planNow, describeDrift } from "./live";
export { ensureAuditSubscription, auditEntryOf, planAuditWriter } from "./audit";
export { isRollbackPlan, rollbackPlanNow, type RollbackPlan, type RollbackSection } from "./rollback";
export { saveManyDraft, manyPlanNow, manyLiveReview, isManyPlan, type ManyPlan } from "./many";
