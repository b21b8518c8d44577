import "server-only";
// Public API of the apply layer (server-only).
export { applyPlan, type ApplyOptions } from "./apply";
export { reviewPlan, explainDrift } from "./review";
export { startApplyRun, subscribeApplyEvents } from "./start";
export { runSnapshot, getRun } from "./runs";
export type * from "./types";
