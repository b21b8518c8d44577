"use server";
// Onboarding's server actions: each parses its input with the onboarding form's schema and returns
// plain data. The trusted principal comes from the server's own identity and the ExternalId is drawn
// here, never from the client; Check and the bucket listing only read.
import { checkAccessRole, type CheckResult } from "@/lib/aws/onboard-check";
import { listAccountBuckets, serverIdentity, type BucketSummary } from "@/lib/aws/onboard";
import { accessRoleArn, accessRolePolicy, cliScript, cloudFormationYaml, quickCreateLink, stackName, terraformSnippet, type AccessRoleSpec } from "@/lib/plan/onboard";
import { type FieldErrors, fieldErrorsOf } from "@/lib/schema/errors";
import { listBucketsRequest, onboardCheck, onboardForm } from "@/lib/schema/onboard";

type Failure = { ok: false; message: string; fieldErrors?: FieldErrors };

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

const failure = (err: unknown): Failure => ({ ok: false, message: `Something went wrong: ${err instanceof Error ? err.message : String(err)}` });

/** A fresh, unguessable ExternalId for this onboarding (128 random bits). */
function newExternalId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `lockbridge-${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

export async function generateBootstrap(values: unknown): Promise<Bootstrap | Failure> {
  const r = onboardForm.safeParse(values);
  if (!r.success) return { ok: false, message: "Some fields are not valid.", fieldErrors: fieldErrorsOf(r.error) };
  try {
    const server = await serverIdentity();
    if (!server.arn) return { ok: false, message: "The server's own identity could not be read (sts:GetCallerIdentity)." };
    const spec: AccessRoleSpec = { ...r.data, trustedPrincipalArn: server.arn, externalId: newExternalId() };
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
      quickCreate: r.data.templateUrl ? quickCreateLink(spec, r.data.templateUrl) : null,
      terraform: terraformSnippet(spec),
      cli: cliScript(spec),
      policy: JSON.stringify(accessRolePolicy(spec), null, 2),
    };
  } catch (err) {
    return failure(err);
  }
}

export async function checkOnboarding(values: unknown): Promise<({ ok: true } & { result: CheckResult }) | Failure> {
  const r = onboardCheck.safeParse(values);
  if (!r.success) return { ok: false, message: "Some fields are not valid.", fieldErrors: fieldErrorsOf(r.error) };
  try {
    return { ok: true, result: await checkAccessRole(r.data) };
  } catch (err) {
    return failure(err);
  }
}

export async function listBuckets(values: unknown): Promise<{ ok: true; buckets: BucketSummary[] } | Failure> {
  const r = listBucketsRequest.safeParse(values);
  if (!r.success) return { ok: false, message: "Some fields are not valid.", fieldErrors: fieldErrorsOf(r.error) };
  try {
    const { roleArn, externalId, region, accountId } = r.data;
    return await listAccountBuckets({ mode: "role", roleArn, ...(externalId ? { externalId } : {}) }, region, accountId);
  } catch (err) {
    return failure(err);
  }
}
