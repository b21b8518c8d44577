// What replication must be allowed to do and with which policies each request is judged.
//
// Principal: the replication ROLE, not s3.amazonaws.com. S3 assumes the role and makes every replication
// call with the role's session credentials, so AWS evaluates the role's identity policies, its
// permissions boundary and the resource policies against the role (aws:PrincipalArn = role ARN,
// aws:PrincipalAccount = source account, aws:PrincipalType = AssumedRole). Simulating "s3.amazonaws.com"
// instead would be wrong: a service principal has no identity policies, and our bucket and key
// statements name the role, which the service principal does not match: iam-simulate reports an
// implicit deny on the resource side (pinned in engine.test.ts).
import type { WizardInput } from "../../schema/wizard";
import { arnAccount, arnRegion } from "../../schema/primitives";
import type { ObservedState, Read, RoleState } from "../observed";
import {
  destinationKeyActions,
  OWNER_OVERRIDE_ACTION,
  REPLICATE_ACTIONS,
  SOURCE_BUCKET_ACTIONS,
  SOURCE_OBJECT_ACTIONS,
} from "../render/policies";
import type { PlanNames, PolicyDocument } from "../types";
import type { PolicySide } from "./types";

/** A document the simulation needs: read, known to be absent, or not known (with why). */
export type Input<T> = { known: true; value: T | null } | { known: false; why: string };

export type Need = {
  action: string;
  resource: string;
  simulatedResource: string;
  resourceAccount: string;
  resourceSide: PolicySide;
  context: Record<string, string>;
  /** Keys the request never carries (evaluated as absent, not reported as unknown). */
  absent: string[];
};

/**
 * S3 makes replication requests from its own network with the role's session: they never come through
 * a VPC endpoint, so aws:SourceVpce, aws:SourceVpc and aws:VpcSourceIp are absent. A vault policy that
 * denies everything not coming through a VPC endpoint therefore blocks replication unless it exempts
 * the replication role (aws:PrincipalArn).
 */
export const ABSENT_IN_REPLICATION = ["aws:SourceVpce", "aws:SourceVpc", "aws:VpcSourceIp"];

export type RoleInputs = {
  identity: { name: string; document: PolicyDocument }[];
  boundary?: { name: string; document: PolicyDocument };
  /** Why the role side is incomplete (role not read, managed policy or boundary unreadable). */
  gaps: string[];
  /** The role does not exist (yet). */
  absent: boolean;
};

export type SimulationInputs = {
  role: RoleInputs;
  policies: Partial<Record<PolicySide, Input<PolicyDocument>>>;
};

const readWhy = (r: Read<unknown> | undefined, what: string) =>
  !r || r.status === "unknown"
    ? `${what} was not read (plan-only)`
    : r.status === "error"
      ? `${what} could not be read (${r.code})`
      : `${what} was not read`;

export function policyInput(r: Read<PolicyDocument> | undefined, what: string): Input<PolicyDocument> {
  if (r?.status === "found") return { known: true, value: r.value };
  if (r?.status === "absent") return { known: true, value: null };
  return { known: false, why: readWhy(r, what) };
}

function roleInputs(read: Read<RoleState>): RoleInputs {
  if (read.status === "absent") return { identity: [], gaps: [], absent: true };
  if (read.status !== "found") return { identity: [], gaps: [readWhy(read, "The replication role")], absent: false };
  const role = read.value;
  const gaps: string[] = [];
  const identity = Object.entries(role.inlinePolicies).map(([name, document]) => ({ name, document }));
  for (const p of role.attachedPolicies) {
    if (p.document) identity.push({ name: p.arn, document: p.document });
    else gaps.push(`Managed policy ${p.arn} attached to the role could not be read; its statements are not simulated.`);
  }
  let boundary: RoleInputs["boundary"];
  if (role.permissionsBoundary) {
    if (role.permissionsBoundaryDocument) boundary = { name: role.permissionsBoundary, document: role.permissionsBoundaryDocument };
    else gaps.push(`The role's permissions boundary ${role.permissionsBoundary} was not read; actions it does not allow would be denied.`);
  }
  return { identity, ...(boundary ? { boundary } : {}), gaps, absent: false };
}

export function simulationInputs(observed: ObservedState): SimulationInputs {
  const bucketPolicy = (side: "source" | "destination") => {
    const b = observed[side];
    return b.status === "found"
      ? policyInput(b.value.policy, `The ${side} bucket policy`)
      : { known: false as const, why: readWhy(b, `The ${side} bucket`) };
  };
  const keyPolicy = (k: ObservedState["sourceKey"], label: string): Input<PolicyDocument> => {
    if (k?.status === "found") return policyInput(k.value.policy, `The ${label} key policy`);
    if (k?.status === "absent") return { known: false, why: `The ${label} key does not exist` };
    return { known: false, why: readWhy(k, `The ${label} key`) };
  };
  return {
    role: roleInputs(observed.role),
    policies: {
      "source-bucket-policy": bucketPolicy("source"),
      "destination-bucket-policy": bucketPolicy("destination"),
      "source-key-policy": keyPolicy(observed.sourceKey, "source"),
      "destination-key-policy": keyPolicy(observed.destinationKey, "destination"),
    },
  };
}

/** A sample object key inside the rule's scope: policies limited to the rule's prefix still match it. */
function sampleKey(input: WizardInput): { shown: string; key: string } {
  const prefix = input.rule.scope === "prefix" || input.rule.scope === "prefix-tags" ? input.rule.prefix : "";
  return { shown: `${prefix}*`, key: `${prefix}lockbridge-preflight-sample` };
}

/** Every request replication makes, in the order the replication guide lists them. */
export function replicationNeeds(input: WizardInput, names: PlanNames): Need[] {
  const { source } = input.accounts;
  const sample = sampleKey(input);
  // S3 replicates over TLS, so a standard "deny aws:SecureTransport=false" statement does not apply.
  const principal = {
    "aws:PrincipalArn": names.roleArn,
    "aws:PrincipalAccount": arnAccount(names.roleArn) ?? source.accountId,
    "aws:PrincipalType": "AssumedRole",
    "aws:SecureTransport": "true",
  };
  const s3 = (actions: string[], arn: string, key: string | null, side: "source" | "destination"): Need[] =>
    actions.map((action) => ({
      action,
      resource: key === null ? arn : `${arn}/${sample.shown}`,
      simulatedResource: key === null ? arn : `${arn}/${key}`,
      resourceAccount: input.accounts[side].accountId,
      resourceSide: side === "source" ? "source-bucket-policy" : "destination-bucket-policy",
      context: { ...principal, "aws:RequestedRegion": input.accounts[side].region, "aws:ResourceAccount": input.accounts[side].accountId },
      absent: ABSENT_IN_REPLICATION,
    }));
  const needs = [
    ...s3(SOURCE_BUCKET_ACTIONS, names.sourceBucketArn, null, "source"),
    ...s3(SOURCE_OBJECT_ACTIONS, names.sourceBucketArn, sample.key, "source"),
    ...s3(
      input.rule.ownerOverride ? [...REPLICATE_ACTIONS, OWNER_OVERRIDE_ACTION] : REPLICATE_ACTIONS,
      names.destinationBucketArn,
      sample.key,
      "destination",
    ),
  ];
  if (input.encryption.mode === "sse-kms") {
    // S3 calls KMS on the role's behalf in the bucket's Region: kms:ViaService is known.
    const kms = (actions: string[], keyArn: string, side: "source" | "destination"): Need[] =>
      actions.map((action) => ({
        action,
        resource: keyArn,
        simulatedResource: keyArn,
        resourceAccount: arnAccount(keyArn) ?? input.accounts[side].accountId,
        resourceSide: side === "source" ? "source-key-policy" : "destination-key-policy",
        context: {
          ...principal,
          "aws:RequestedRegion": arnRegion(keyArn) ?? input.accounts[side].region,
          "aws:ResourceAccount": arnAccount(keyArn) ?? input.accounts[side].accountId,
          "kms:ViaService": `s3.${input.accounts[side].region}.amazonaws.com`,
          "kms:CallerAccount": principal["aws:PrincipalAccount"],
        },
        absent: ABSENT_IN_REPLICATION,
      }));
    needs.push(...kms(["kms:Decrypt"], input.encryption.sourceKeyArn, "source"));
    needs.push(...kms(destinationKeyActions(input.encryption.bucketKeys), input.encryption.destinationKeyArn, "destination"));
  }
  return needs;
}
