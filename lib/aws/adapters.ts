import "server-only";
// SDK shapes stop here (ARCHITECTURE habit 9): these functions turn SDK outputs into lib/plan types and
// lib/plan documents into SDK inputs. Nothing outside lib/aws sees an SDK type.
import type { ReplicationConfiguration as SdkReplication, ObjectLockConfiguration as SdkObjectLock } from "@aws-sdk/client-s3";
import type { KeyMetadata } from "@aws-sdk/client-kms";
import type { Role } from "@aws-sdk/client-iam";
import type { KeyState, ObjectOwnership, Read, RoleState, VersioningStatus } from "@/lib/plan/observed";
import type { Json, JsonObject, ObjectLockConfiguration, PolicyDocument, ReplicationConfiguration } from "@/lib/plan/types";
import { isAccessDenied, isNotFound, toFailure } from "./errors";

/**
 * IAM returns every policy document URL-encoded (RFC 3986), e.g. "%7B%22Version%22...": GetRole's
 * AssumeRolePolicyDocument, GetRolePolicy and GetPolicyVersion. S3 and KMS return plain JSON.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRolePolicy.html
 */
export function decodeIamDocument(encoded: string | undefined): PolicyDocument {
  if (!encoded) return {};
  return parsePolicy(decodeURIComponent(encoded));
}

/** A policy document as S3 / KMS return it: JSON text. */
export function parsePolicy(text: string | undefined): PolicyDocument {
  if (!text) return {};
  const parsed = JSON.parse(text) as Json;
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("Policy document is not a JSON object");
  return parsed;
}

/** SDK outputs carry `undefined` members and `$metadata`; documents are compared as plain JSON. */
export function plain<T extends Json>(value: unknown): T {
  const { $metadata: _m, ...rest } = (value ?? {}) as Record<string, unknown>;
  return JSON.parse(JSON.stringify(rest)) as T;
}

export function versioningOf(status: string | undefined): VersioningStatus {
  return status === "Enabled" || status === "Suspended" ? status : "Off";
}

export function ownershipOf(rules: { ObjectOwnership?: string }[] | undefined): Read<ObjectOwnership> {
  const o = rules?.[0]?.ObjectOwnership;
  return o === "BucketOwnerEnforced" || o === "BucketOwnerPreferred" || o === "ObjectWriter" ? { status: "found", value: o } : { status: "absent" };
}

export function objectLockOf(config: SdkObjectLock | undefined): ObjectLockConfiguration {
  return plain<JsonObject>(config);
}

export function replicationOf(config: SdkReplication | undefined): ReplicationConfiguration {
  const doc = plain<JsonObject>(config);
  return { Role: typeof doc.Role === "string" ? doc.Role : "", Rules: Array.isArray(doc.Rules) ? (doc.Rules as JsonObject[]) : [] };
}

/** Our documents are already in the API's PascalCase shapes; the cast is the only conversion. */
export const toSdkReplication = (doc: Json | null) => doc as unknown as SdkReplication;
export const toSdkObjectLock = (doc: Json | null) => doc as unknown as SdkObjectLock;

export function keyStateOf(meta: KeyMetadata, policy: Read<PolicyDocument>): KeyState {
  return {
    arn: meta.Arn ?? "",
    keyManager: meta.KeyManager === "AWS" ? "AWS" : "CUSTOMER",
    keySpec: meta.KeySpec ?? meta.CustomerMasterKeySpec ?? "",
    keyUsage: meta.KeyUsage ?? "",
    keyState: meta.KeyState ?? "",
    // The ARN's region; DescribeKey has no region field.
    region: (meta.Arn ?? "").split(":")[3] ?? "",
    policy,
  };
}

export function roleStateOf(
  role: Role,
  inlinePolicies: Record<string, PolicyDocument>,
  attachedPolicies: RoleState["attachedPolicies"],
): RoleState {
  return {
    arn: role.Arn ?? "",
    roleName: role.RoleName ?? "",
    path: role.Path ?? "/",
    trust: decodeIamDocument(role.AssumeRolePolicyDocument),
    inlinePolicies,
    attachedPolicies,
    permissionsBoundary: role.PermissionsBoundary?.PermissionsBoundaryArn ?? null,
  };
}

/**
 * One read as a Read<T>: the given "not found" codes mean absent (a state, not an error); anything else
 * is an error naming the permission to grant when it looks like access denied.
 */
export async function readAs<T>(
  call: () => Promise<T | undefined>,
  notFound: string[],
  missingPermission: string,
): Promise<Read<T>> {
  try {
    const value = await call();
    return value === undefined ? { status: "absent" } : { status: "found", value };
  } catch (err) {
    if (notFound.length > 0 && isNotFound(err, ...notFound)) return { status: "absent" };
    const f = toFailure(err);
    return { status: "error", code: f.code, message: f.message, ...(isAccessDenied(err) ? { missingPermission } : {}) };
  }
}
