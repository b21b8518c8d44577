// Public entry of the pure plan engine. Importable from server and browser code alike.
export { buildPlan } from "./build";
export type * from "./types";
export type { Read, ObservedState, BucketState, RoleState, KeyState, VersioningStatus, ObjectOwnership } from "./observed";
export { emptyObserved, discoveryTargets, found } from "./observed";
export {
  renderTrustPolicy,
  renderPermissionsPolicy,
  renderPermissionStatements,
  renderBucketPolicyStatement,
  renderKeyPolicyStatement,
  defaultKeyPolicy,
} from "./render/policies";
export { renderObjectLock, renderReplicationRule, renderVersioning } from "./render/s3";
export { mergeConsolidated, mergeOwnedStatements, mergeReplication } from "./merge";
export { foreignContentPreserved } from "./preserve";
export { retentionDowngrade, type RetentionDowngrade } from "./retention";
export { normalize, equivalent } from "./normalize";
export { canonicalJson, prettyJson } from "./canonical";
export { changeKind, diffLines, type DiffLine } from "./diff";
export { CHANGE_ORDER, DEPENDS_ON, applyWaves } from "./order";
export { LIMITS, policyProblems } from "./validate";
export { observedHashes, planFingerprint } from "./fingerprint";
export { sha256Hex } from "./sha256";
export { SIDS, OWNED_SIDS, SID_PREFIX, lockbridgeName, planNames } from "./names";
export { exportCliScript } from "./export/cli";
export {
  renderBatchPlan,
  BATCH_SIDS,
  BATCH_OWNED_SIDS,
  BATCH_SERVICE,
  type BatchPlan,
  type BatchDocument,
  type BatchDocumentId,
} from "./batch";
export { exportTerraform } from "./export/terraform";
export { exportPlanJson, parsePlanJson, planForAccount } from "./export/json";
