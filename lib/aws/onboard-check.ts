import "server-only";
// Check, after the bootstrap ran: assume the new access role with this onboarding's ExternalId, prove
// the identity, make every read the plans will make, and simulate the writes against the role's own
// policies (writes are never tried for real: a check must change nothing).
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { iamSimulateEvaluator } from "@/lib/plan/diagnostics";
import { fixingStatement, type OwnCall } from "@/lib/plan/diagnostics/own-permissions";
import { accessCalls, type AccessRoleSpec } from "@/lib/plan/onboard";
import type { PolicyDocument } from "@/lib/plan/types";
import type { OnboardCheck } from "@/lib/schema/onboard";
import { clientsFor } from "./clients";
import { readBucket, readKey, readRole } from "./discover";
import { toFailure } from "./errors";
import { accessPoliciesOf, roleNameOf } from "./onboard";

export type CheckItem = { label: string; ok: boolean; detail: string };
export type CheckResult = {
  ok: boolean;
  identity?: { account: string; arn: string };
  items: CheckItem[];
  /** Calls the role's policies do not allow, and the statement that would grant them. */
  missing: { calls: string[]; statement: PolicyDocument | null };
};

export async function checkAccessRole(check: OnboardCheck): Promise<CheckResult> {
  const items: CheckItem[] = [];
  const clients = clientsFor({ mode: "role", roleArn: check.roleArn, externalId: check.externalId }, check.region, "onboard-check");
  try {
    let identity: { account: string; arn: string };
    try {
      const who = await clients.sts.send(new GetCallerIdentityCommand({}));
      identity = { account: who.Account ?? "", arn: who.Arn ?? "" };
    } catch (err) {
      const f = toFailure(err);
      return {
        ok: false,
        items: [{ label: "Assume the access role", ok: false, detail: `${f.code}: ${f.message}` }],
        missing: { calls: [], statement: null },
      };
    }
    const sameAccount = identity.account === check.accountId;
    items.push({
      label: "Assume the access role",
      ok: sameAccount,
      detail: sameAccount ? `Acting as ${identity.arn}` : `The role acts in account ${identity.account}, not ${check.accountId}.`,
    });
    if (!sameAccount) return { ok: false, identity, items, missing: { calls: [], statement: null } };

    const [buckets, keys, self] = await Promise.all([
      Promise.all(check.buckets.map(async (b) => [b, await readBucket(clients.s3, b, check.accountId)] as const)),
      Promise.all(check.keyArns.map(async (k) => [k, await readKey(clients.kms, k)] as const)),
      readRole(clients.iam, roleNameOf(check.roleArn)),
    ]);
    for (const [name, read] of buckets) {
      if (read.status === "absent")
        items.push({ label: `Read bucket ${name}`, ok: false, detail: "The bucket does not exist in this account." });
      else if (read.status !== "found")
        items.push({
          label: `Read bucket ${name}`,
          ok: false,
          detail: read.status === "error" ? `${read.code}: ${read.message}` : "not read",
        });
      else {
        const failed = Object.entries(read.value).filter(
          ([, r]) => typeof r === "object" && r !== null && "status" in r && r.status === "error",
        ) as [string, { code: string; missingPermission?: string }][];
        items.push({
          label: `Read bucket ${name}`,
          ok: failed.length === 0,
          detail:
            failed.length === 0
              ? "Versioning, Object Lock, ownership, request payment, policy and replication read."
              : `Denied: ${failed.map(([k, r]) => r.missingPermission ?? `${k} (${r.code})`).join(", ")}`,
        });
      }
    }
    for (const [arn, read] of keys) {
      items.push({
        label: `Read key ${arn}`,
        ok: read.status === "found" && read.value.policy.status === "found",
        detail:
          read.status === "found"
            ? `${read.value.keyState}, ${read.value.keyManager} managed`
            : read.status === "error"
              ? `${read.code}: ${read.message}`
              : "The key does not exist.",
      });
    }
    if (self.status !== "found") {
      items.push({
        label: "Read its own policies",
        ok: false,
        detail: self.status === "error" ? `${self.code}: ${self.message}` : "The role was not found by its name.",
      });
      return { ok: false, identity, items, missing: { calls: [], statement: null } };
    }
    const policies = accessPoliciesOf(self.value);
    items.push({
      label: "Read its own policies",
      ok: true,
      detail: `${policies.status === "read" ? policies.identity.length : 0} policy document(s)`,
    });

    // Writes are simulated, not tried: the role's policies decide, as AWS would (SCPs aside).
    const spec: AccessRoleSpec = {
      ...check,
      accessRoleName: roleNameOf(check.roleArn),
      trustedPrincipalArn: "",
      externalId: check.externalId,
    };
    const calls = accessCalls(spec);
    const denied: OwnCall[] = [];
    if (policies.status === "read") {
      await Promise.all(
        calls.map(async (c) => {
          const outcome = await iamSimulateEvaluator({
            principal: check.roleArn,
            action: c.action,
            resource: c.resource,
            resourceAccount: check.accountId,
            context: { "aws:PrincipalArn": check.roleArn, "aws:PrincipalAccount": check.accountId, ...(c.context ?? {}) },
            identityPolicies: policies.identity,
            ...(policies.boundary ? { permissionsBoundary: policies.boundary } : {}),
          });
          if (outcome.kind !== "result" || outcome.result !== "Allowed")
            denied.push({
              account: check.part === "source" ? "source" : "destination",
              api: c.api,
              action: c.action,
              resource: c.resource,
              ...(c.context ? { context: c.context } : {}),
            });
        }),
      );
    }
    items.push({
      label: "Simulate every call the plans make",
      ok: denied.length === 0,
      detail:
        denied.length === 0
          ? `All ${calls.length} calls allowed by the role's policies.`
          : `${denied.length} call(s) not allowed: ${[...new Set(denied.map((d) => d.action))].join(", ")}`,
    });
    return {
      ok: items.every((i) => i.ok),
      identity,
      items,
      missing: { calls: denied.map((d) => `${d.action} on ${d.resource}`), statement: denied.length > 0 ? fixingStatement(denied) : null },
    };
  } finally {
    for (const c of Object.values(clients)) c.destroy();
  }
}
