// Changes in the source account: the replication role, its inline policy, the replication configuration.
import type { WizardInput } from "../schema/wizard";
import { isObject, statementsOf, stringList } from "./canonical";
import { globMatch, missingStatements } from "./coverage";
import { finish } from "./build-destination";
import { foreignStatementIds, lookalikeProblems, mergeOwnedStatements, mergeReplication } from "./merge";
import { OWNED_SIDS } from "./names";
import type { ObservedState, RoleState } from "./observed";
import { bucketRead, liveOf, type Notes } from "./live";
import { renderPermissionStatements, renderTrustPolicy, trustStatement } from "./render/policies";
import { renderReplicationRule } from "./render/s3";
import type { Change, PlanNames, PolicyDocument } from "./types";

const unknownNote = (unknown: boolean) => (unknown ? " (state unknown, plan-only)" : "");

/** Does any Allow statement let S3 assume the role? */
export function trustsS3(trust: PolicyDocument): boolean {
  return statementsOf(trust).some(
    (st) =>
      isObject(st) &&
      st.Effect === "Allow" &&
      isObject(st.Principal) &&
      stringList(st.Principal.Service).includes("s3.amazonaws.com") &&
      stringList(st.Action).some((a) => globMatch(a, "sts:AssumeRole", true)),
  );
}

export function liveRole(input: WizardInput, observed: ObservedState, notes: Notes): { role: RoleState | null; unknown: boolean } {
  const live = liveOf(observed.role, "the replication role", input.role.mode === "reuse" ? "role.role" : "role.roleName", notes);
  if (input.role.mode === "reuse" && !live.value && !live.unknown) {
    notes.errors.push({
      path: "role.role",
      message: `Role ${input.role.role} does not exist in the source account. Choose "create a role" or enter an existing role.`,
    });
  }
  return { role: live.value, unknown: live.unknown };
}

export function roleChange(input: WizardInput, names: PlanNames, live: { role: RoleState | null; unknown: boolean }, notes: Notes): Change {
  const s = input.accounts.source;
  const base = {
    id: "source.role" as const,
    account: "source" as const,
    accountId: s.accountId,
    region: s.region,
    target: names.roleName,
    waitAfter: "iam-propagation" as const,
  };
  if (!live.role && live.unknown && input.role.mode === "reuse") {
    // Plan-only: the person said this role exists, so it is never created. Its trust policy was not read;
    // whoever applies must read it and add our statement only if nothing lets S3 assume the role yet.
    return finish({
      ...base,
      action: "UpdateAssumeRolePolicy",
      before: null,
      after: { RoleName: names.roleName, PolicyDocument: renderTrustPolicy() },
      ownedIds: [...OWNED_SIDS.trust],
      stateUnknown: true,
      description: `Would let s3.amazonaws.com assume existing role ${names.roleName} if it does not yet${unknownNote(true)}`,
    });
  }
  if (!live.role) {
    return finish({
      ...base,
      action: "CreateRole",
      before: null,
      after: {
        RoleName: names.roleName,
        Path: names.rolePath,
        AssumeRolePolicyDocument: renderTrustPolicy(s.accountId, names.sourceBucketArn),
        Description: "S3 replication role managed by Lockbridge",
      },
      ownedIds: [...OWNED_SIDS.trust],
      ...(live.unknown ? { stateUnknown: true } : {}),
      description: `${live.unknown ? "Would create" : "Create"} role ${names.roleName} trusted by s3.amazonaws.com${unknownNote(live.unknown)}`,
    });
  }
  const trust = live.role.trust;
  notes.errors.push(...lookalikeProblems(trust, OWNED_SIDS.trust, "role.trust", `the trust policy of role ${names.roleName}`));
  const after = trustsS3(trust)
    ? trust
    : mergeOwnedStatements(trust, OWNED_SIDS.trust, [trustStatement(s.accountId, names.sourceBucketArn)]);
  const c = finish({
    ...base,
    action: "UpdateAssumeRolePolicy",
    before: { RoleName: names.roleName, PolicyDocument: trust },
    after: { RoleName: names.roleName, PolicyDocument: after },
    ownedIds: [...OWNED_SIDS.trust],
    foreignIds: foreignStatementIds(trust, OWNED_SIDS.trust),
    description: "",
  });
  c.description =
    c.kind === "no-op"
      ? `Role ${names.roleName} already trusts s3.amazonaws.com`
      : `Let s3.amazonaws.com assume ${names.roleName} (trust policy, foreign statements kept)`;
  return c;
}

export function rolePolicyChange(
  input: WizardInput,
  names: PlanNames,
  live: { role: RoleState | null; unknown: boolean },
  notes: Notes,
): Change {
  const s = input.accounts.source;
  const required = renderPermissionStatements(input, names);
  const role = live.role;
  const ours = role?.inlinePolicies[names.rolePolicyName] ?? null;
  const others: PolicyDocument[] = [];
  if (role) {
    for (const [name, doc] of Object.entries(role.inlinePolicies)) if (name !== names.rolePolicyName) others.push(doc);
    for (const p of role.attachedPolicies) {
      if (p.document) others.push(p.document);
      else
        notes.warnings.push({
          path: "role",
          message: `Attached policy ${p.arn} could not be read; its permissions are not counted, so the plan may add statements it already grants.`,
        });
    }
  }
  notes.errors.push(
    ...lookalikeProblems(
      ours,
      OWNED_SIDS.rolePolicy,
      "source.rolePolicy",
      `inline policy ${names.rolePolicyName} of role ${names.roleName}`,
    ),
  );
  const needed = missingStatements(required, others);
  const wrap = (doc: PolicyDocument | null) =>
    doc ? { RoleName: names.roleName, PolicyName: names.rolePolicyName, PolicyDocument: doc } : null;
  // Nothing missing: never write an empty policy, never delete: keep whatever is there.
  const after = needed.length === 0 ? wrap(ours) : wrap(mergeOwnedStatements(ours, OWNED_SIDS.rolePolicy, needed));
  const c = finish({
    id: "source.rolePolicy",
    account: "source",
    accountId: s.accountId,
    region: s.region,
    action: "PutRolePolicy",
    target: names.roleName,
    before: wrap(ours),
    after,
    ownedIds: [...OWNED_SIDS.rolePolicy],
    foreignIds: foreignStatementIds(ours, OWNED_SIDS.rolePolicy),
    waitAfter: "iam-propagation",
    ...(live.unknown ? { stateUnknown: true } : {}),
    description: "",
  });
  c.description =
    c.kind === "no-op"
      ? `Role ${names.roleName} already has every permission replication needs`
      : `Put inline policy ${names.rolePolicyName} on ${names.roleName} (${needed.length} statement(s))${unknownNote(live.unknown)}`;
  return c;
}

export function replicationChange(input: WizardInput, observed: ObservedState, names: PlanNames, notes: Notes): Change {
  const s = input.accounts.source;
  const live = liveOf(
    bucketRead(observed.source, "replication"),
    `the replication configuration of ${s.bucket}`,
    "source.replication",
    notes,
  );
  const merged = mergeReplication(live.value, names.roleArn, renderReplicationRule(input, names));
  notes.errors.push(...merged.problems);
  const c = finish({
    id: "source.replication",
    account: "source",
    accountId: s.accountId,
    region: s.region,
    action: "PutBucketReplication",
    target: s.bucket,
    before: live.value,
    after: merged.config,
    ownedIds: [names.ruleId],
    foreignIds: merged.foreignIds,
    ...(live.unknown ? { stateUnknown: true } : {}),
    description: "",
  });
  c.description =
    c.kind === "no-op"
      ? `Rule ${names.ruleId} already in place on ${s.bucket}`
      : `Put replication rule ${names.ruleId} on ${s.bucket} (${merged.foreignIds.length} other rule(s) kept)${unknownNote(live.unknown)}`;
  return c;
}
