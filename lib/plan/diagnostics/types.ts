// Result types of the preflight diagnostics and the permission simulation. Plain serializable data: the
// server computes them, the Diagnostics panel renders them from props.
import type { Json, PolicyDocument } from "../types";

export type Severity = "error" | "warning" | "info";

/**
 * One preflight check. `id` is stable (tests and the UI key on it); "error" blocks apply, "warning" is
 * shown on review, "info" explains something apply fixes or that cannot be checked.
 */
export type Diagnostic = {
  id: string;
  severity: Severity;
  message: string;
  fix: string;
  /** What showed it: the read call and its answer, e.g. "GetBucketVersioning lockbridge-demo-vault → Suspended". */
  evidence: string[];
  /** Form field the fix applies to (same paths as plan problems), when there is one. */
  path?: string;
};

/** Which policy document a simulation result talks about. */
export type PolicySide =
  | "role-policy"
  | "permissions-boundary"
  | "source-bucket-policy"
  | "destination-bucket-policy"
  | "source-key-policy"
  | "destination-key-policy";

export const SIDE_LABEL: Record<PolicySide, string> = {
  "role-policy": "the role's policy",
  "permissions-boundary": "the role's permissions boundary",
  "source-bucket-policy": "the source bucket policy",
  "destination-bucket-policy": "the destination bucket policy",
  "source-key-policy": "the source key policy",
  "destination-key-policy": "the destination key policy",
};

export type Decision = "allowed" | "implicit-deny" | "explicit-deny" | "unknown";

export type StatementRef = {
  side: PolicySide;
  /** Identity policies: the inline policy name or managed policy ARN. */
  policyName?: string;
  sid?: string;
  /** 1-based position in the policy's Statement list. */
  index: number;
  /** The statement as stored (quoted in messages). */
  statement?: Json;
};

/** A condition that names a context key whose value is not known for a replication request. */
export type UnevaluatedCondition = {
  side: PolicySide;
  effect: "Allow" | "Deny";
  sid?: string;
  operator: string;
  key: string;
  values: string[];
};

export type ActionResult = {
  action: string;
  /** The resource as shown (objects as `arn:aws:s3:::bucket/prefix*`). */
  resource: string;
  /** The ARN actually simulated (objects: a sample key inside the rule's scope). */
  simulatedResource: string;
  resourceAccount: string;
  crossAccount: boolean;
  decision: Decision;
  /** False when an input was not read or a condition could not be evaluated. */
  certain: boolean;
  /** One sentence for the table. */
  reason: string;
  /** Implicit deny: the sides with no Allow. */
  missing: PolicySide[];
  /** Explicit deny: the statements that deny. */
  denies: StatementRef[];
  /** Allowed: the statements that grant. */
  grants: StatementRef[];
  unevaluated: UnevaluatedCondition[];
};

export type SimulationReport = {
  principal: string;
  principalAccount: string;
  results: ActionResult[];
  allowed: number;
  total: number;
  /** Things the simulation could not see (unread documents, SCPs/RCPs, unreadable managed policies). */
  caveats: string[];
};

export type BeforeAfter = { before: SimulationReport; after: SimulationReport };

export type PreflightResult = {
  diagnostics: Diagnostic[];
  simulation: BeforeAfter;
  /** True when any diagnostic is an error. Plan errors (plan.errors) block apply separately. */
  blocking: boolean;
};

// ---- The evaluator boundary -------------------------------------------------------------------------
// The simulation logic is pure and talks to the policy engine only through this interface. The
// production evaluator (./engine.ts) wraps @cloud-copilot/iam-simulate, which loads its IAM data files
// lazily (dynamic import of node:fs under Node), so it is async and belongs on the server.

export type EvaluationPolicyType = "identity" | "resource" | "pb";

export type EvaluationRequest = {
  principal: string;
  action: string;
  resource: string;
  resourceAccount: string;
  /** Context keys whose presence and value are known for the request; every other key is "unknown". */
  context: Record<string, string | string[]>;
  /** Context keys known to be ABSENT from the request (a condition on them is evaluated, not skipped). */
  absentContextKeys?: string[];
  identityPolicies: { name: string; document: PolicyDocument }[];
  permissionsBoundary?: { name: string; document: PolicyDocument };
  resourcePolicy?: PolicyDocument;
};

export type EvaluatedStatement = { policyType: EvaluationPolicyType; policyName?: string; sid?: string; index: number };

export type EvaluationOutcome =
  | { kind: "error"; message: string }
  | {
      kind: "result";
      result: "Allowed" | "ImplicitlyDenied" | "ExplicitlyDenied";
      /** Implicit deny: policy types where no statement allows. */
      implicit: EvaluationPolicyType[];
      explicit: EvaluatedStatement[];
      grants: EvaluatedStatement[];
      unevaluated: (EvaluatedStatement & { effect: "Allow" | "Deny"; operator: string; key: string; values: string[] })[];
    };

export type Evaluator = (request: EvaluationRequest) => Promise<EvaluationOutcome>;
