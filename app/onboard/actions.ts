"use server";
// Onboarding's server actions, through serverAction (lib/http/action.ts): the onboarding form's strict
// schema, who is acting, and the accounts this server may use its credentials in; then plain data. The trusted principal comes from the server's own identity and the ExternalId is drawn
// here, never from the client; Check and the bucket listing only read.
import { checkAccessRole, type CheckResult } from "@/lib/aws/onboard-check";
import { listAccountBuckets, serverIdentity, type BucketSummary } from "@/lib/aws/onboard";
import {
  accessRoleArn,
  accessRolePolicy,
  cliScript,
  cloudFormationYaml,
  quickCreateLink,
  stackName,
  terraformSnippet,
  type AccessRoleSpec,
} from "@/lib/plan/onboard";
import { accountRefusals, serverAction } from "@/lib/http/action";
import type { ActionFailure } from "@/lib/http/result";
import { manyInputs, manyPlanForm } from "@/lib/schema/many";
import { listBucketsRequest, onboardCheck, onboardForm } from "@/lib/schema/onboard";
import { saveManyDraft } from "@/lib/workflow";

type Failure = ActionFailure;

export type Bootstrap = {
  ok: true;
  part: "source" | "vault";
  accountId: string;
  region: string;
  buckets: string[];
  keyArns: string[];
  replicationRolePath: string;
  roleArn: string;
  externalId: string;
  trustedPrincipal: string;
  stackName: string;
  cloudFormation: string;
  quickCreate: string | null;
  terraform: string;
  cli: string;
  policy: string;
};

/** A fresh, unguessable ExternalId for this onboarding (128 random bits). */
function newExternalId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `lockbridge-${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** The one account an onboarding step reaches, in the shape the allowed-accounts check takes. */
const oneAccount = (d: { accountId: string; roleArn: string }) => {
  const side = { accountId: d.accountId, access: "role", roleArn: d.roleArn };
  return { accounts: { source: side, destination: side }, prefix: "", oneAccount: true };
};

export const generateBootstrap = serverAction({
  name: "generateBootstrap",
  input: onboardForm,
  permission: "read",
  run: async (data): Promise<Bootstrap | Failure> => {
    const server = await serverIdentity();
    if (!server.arn) return { ok: false, message: "The server's own identity could not be read (sts:GetCallerIdentity)." };
    const spec: AccessRoleSpec = { ...data, trustedPrincipalArn: server.arn, externalId: newExternalId() };
    return {
      ok: true,
      part: spec.part,
      accountId: spec.accountId,
      region: spec.region,
      buckets: spec.buckets,
      keyArns: spec.keyArns,
      replicationRolePath: spec.replicationRolePath,
      roleArn: accessRoleArn(spec),
      externalId: spec.externalId,
      trustedPrincipal: server.arn,
      stackName: stackName(spec),
      cloudFormation: cloudFormationYaml(spec),
      quickCreate: data.templateUrl ? quickCreateLink(spec, data.templateUrl) : null,
      terraform: terraformSnippet(spec),
      cli: cliScript(spec),
      policy: JSON.stringify(accessRolePolicy(spec), null, 2),
    };
  },
});

export const checkOnboarding = serverAction({
  name: "checkOnboarding",
  input: onboardCheck,
  permission: "read",
  accounts: oneAccount,
  run: async (data): Promise<{ ok: true; result: CheckResult }> => ({ ok: true, result: await checkAccessRole(data) }),
});

export const listBuckets = serverAction({
  name: "listBuckets",
  input: listBucketsRequest,
  permission: "read",
  accounts: oneAccount,
  run: async ({ roleArn, externalId, region, accountId }): Promise<{ ok: true; buckets: BucketSummary[] } | Failure> =>
    listAccountBuckets({ mode: "role", roleArn, ...(externalId ? { externalId } : {}) }, region, accountId),
});

/**
 * "Plan these sources": one saved draft for every picked bucket into one vault. The server turns the form
 * into one wizard input per bucket (the wizard's own validation), checks every account against the
 * allowed accounts and roles before reading any, then reads them all and builds the plan itself.
 */
export const planSources = serverAction({
  name: "planSources",
  input: manyPlanForm,
  permission: "plan",
  invalidMessage: "Some fields need fixing before the plan can be built.",
  run: async (form, { actor }): Promise<{ ok: true; id: string; applyable: boolean } | Failure> => {
    const { inputs, fieldErrors } = manyInputs(form);
    const refused: Record<string, string> = {};
    inputs.forEach((input, i) => {
      for (const [k, v] of Object.entries(accountRefusals(input.accounts)))
        refused[k.startsWith("source.") ? `sources.${i}.${k.slice("source.".length)}` : `vault.${k.slice("destination.".length)}`] = v;
    });
    const errors = { ...fieldErrors, ...refused };
    if (Object.keys(errors).length > 0)
      return { ok: false, message: "Some fields need fixing before the plan can be built.", fieldErrors: errors };
    const rec = await saveManyDraft(inputs, form.roles === "per-account", actor);
    return { ok: true, id: rec.id, applyable: rec.plan.applyable };
  },
});
