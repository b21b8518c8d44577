// Diagnostics drawn from the permission simulation of the state AFTER apply: what the plan cannot fix
// (foreign Deny statements, a permissions boundary, unread documents) is what blocks replication.
import { canonicalJson } from "../canonical";
import { ABSENT_IN_REPLICATION } from "./requests";
import { describeStatement } from "./simulate";
import { diag } from "./evidence";
import { SIDE_LABEL, type ActionResult, type BeforeAfter, type Diagnostic, type PolicySide } from "./types";

const READ_CALL: Record<PolicySide, string> = {
  "role-policy": "GetRolePolicy / GetPolicyVersion",
  "permissions-boundary": "GetPolicyVersion (permissions boundary)",
  "source-bucket-policy": "GetBucketPolicy (source)",
  "destination-bucket-policy": "GetBucketPolicy (destination)",
  "source-key-policy": "GetKeyPolicy (source key)",
  "destination-key-policy": "GetKeyPolicy (destination key)",
};

const FIX_MISSING: Record<PolicySide, string> = {
  "role-policy":
    "Let Lockbridge add its inline policy to the role (reuse mode adds only what is missing), or grant the actions in a policy attached to the role.",
  "permissions-boundary":
    "Add the listed actions to the role's permissions boundary policy (or remove the boundary from the replication role).",
  "source-bucket-policy": "Grant the role these actions in the role's policy (same account: either side is enough).",
  "destination-bucket-policy":
    "Let Lockbridge merge its statement into the destination bucket policy (the plan does this), and make sure apply runs in the destination account.",
  "source-key-policy": "Add the role (or the account root, to delegate to IAM) to the source key policy for kms:Decrypt.",
  "destination-key-policy": "Let Lockbridge merge its statement into the destination key policy (the plan does this).",
};

const actionsOf = (rs: ActionResult[]) => [...new Set(rs.map((r) => r.action))].join(", ");
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const at = (r: ActionResult) => `Simulated ${r.action} on ${r.simulatedResource} → ${r.decision}`;

export function simulationChecks(sim: BeforeAfter): Diagnostic[] {
  const after = sim.after.results;
  const out: Diagnostic[] = [];

  // Explicit denies, one diagnostic per statement.
  const denies = new Map<string, { results: ActionResult[]; ref: ActionResult["denies"][number] }>();
  for (const r of after) {
    for (const d of r.denies) {
      const key = `${d.side}|${d.policyName ?? ""}|${d.sid ?? d.index}`;
      const entry = denies.get(key) ?? { results: [], ref: d };
      entry.results.push(r);
      denies.set(key, entry);
    }
  }
  for (const { results, ref } of denies.values()) {
    const quoted = ref.statement !== undefined ? canonicalJson(ref.statement) : "(statement not available)";
    const vpc = ABSENT_IN_REPLICATION.filter((k) => quoted.toLowerCase().includes(`"${k.toLowerCase()}"`));
    const why =
      vpc.length > 0
        ? ` S3 replicates from its own network, not through your VPC: its requests carry no ${vpc.join(" or ")}, so this condition always denies them.`
        : "";
    out.push(
      diag(
        `simulation.explicit-deny.${ref.side}`,
        "error",
        `${cap(describeStatement(ref))} explicitly denies ${actionsOf(results)} to the replication role.${why} A Deny always wins, and Lockbridge never edits statements it did not write: replication would fail after apply.`,
        `Ask the owner of ${SIDE_LABEL[ref.side]} to exempt the replication role ${sim.after.principal} from this statement (e.g. add it to an aws:PrincipalArn exception), then plan again.`,
        [`${READ_CALL[ref.side]} → statement ${ref.sid ? `"${ref.sid}"` : `#${ref.index}`}: ${quoted}`, ...results.map(at)],
      ),
    );
  }

  // Still not granted after apply (the plan writes Allows, so only a boundary or an unwritable side remains).
  const bySide = new Map<PolicySide, ActionResult[]>();
  for (const r of after.filter((x) => x.decision === "implicit-deny"))
    for (const s of r.missing) bySide.set(s, [...(bySide.get(s) ?? []), r]);
  for (const [side, results] of bySide) {
    out.push(
      diag(
        `simulation.implicit-deny.${side}`,
        "error",
        `Even after apply, nothing in ${SIDE_LABEL[side]} allows ${actionsOf(results)} for the replication role, so replication would be denied.`,
        FIX_MISSING[side],
        results.map(at),
      ),
    );
  }

  const unknown = after.filter((r) => r.decision === "unknown");
  if (unknown.length > 0) {
    out.push(
      diag(
        "simulation.unknown",
        "warning",
        `Could not tell whether ${actionsOf(unknown)} will be allowed after apply: ${[...new Set(unknown.map((r) => r.reason))].join(" ")}`,
        "Let Lockbridge read the missing documents (connect both accounts), then run the checks again.",
        unknown.map(at),
      ),
    );
  }

  // Conditions on keys whose value a replication request does not reveal here.
  const conds = new Map<string, { results: ActionResult[]; u: ActionResult["unevaluated"][number] }>();
  for (const r of after) {
    for (const u of r.unevaluated) {
      const key = `${u.side}|${u.effect}|${u.sid ?? ""}|${u.operator}|${u.key}`;
      const entry = conds.get(key) ?? { results: [], u };
      entry.results.push(r);
      conds.set(key, entry);
    }
  }
  for (const { results, u } of conds.values()) {
    const stmt = u.sid ? `statement "${u.sid}"` : "a statement";
    out.push(
      diag(
        `simulation.unevaluated.${u.side}.${u.key.toLowerCase()}`,
        "warning",
        u.effect === "Deny"
          ? `A Deny in ${SIDE_LABEL[u.side]} (${stmt}) depends on ${u.key}, which cannot be evaluated for replication requests here. If it matches, ${actionsOf(results)} will be denied.`
          : `An Allow in ${SIDE_LABEL[u.side]} (${stmt}) holds only if ${u.key} ${u.operator} ${u.values.join(", ")}, which cannot be evaluated here; the simulation assumed it holds for ${actionsOf(results)}.`,
        u.effect === "Deny"
          ? `Check what ${u.key} is for S3 replication requests; if the Deny would match, exempt the replication role from it.`
          : `Make sure ${u.key} is ${u.values.join(" or ")} for the replication role's requests, or grant the actions without that condition.`,
        [`${READ_CALL[u.side]} → ${u.effect} condition ${u.operator} {"${u.key}": ${JSON.stringify(u.values)}}`, ...results.map(at)],
      ),
    );
  }
  return out;
}
