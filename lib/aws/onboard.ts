import "server-only";
// Onboarding reads: who the server is (the principal an access role must trust), the policies of the
// access roles (Lockbridge's own-permission preflight), Check of a freshly bootstrapped role, a source
// account's buckets, and the organization's accounts when the server may list them.
import { GetBucketEncryptionCommand, GetBucketLocationCommand, ListBucketsCommand, type S3Client } from "@aws-sdk/client-s3";
import { DescribeOrganizationCommand, ListAccountsCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { env } from "@/lib/env";
import type { AccessPolicies } from "@/lib/plan/diagnostics/own-permissions";
import type { RoleState } from "@/lib/plan/observed";
import type { WizardInput } from "@/lib/schema/wizard";
import { clientsFor } from "./clients";
import { type AccountAccess, baseCredentials } from "./credentials";
import { readBucket, readRole } from "./discover";
import { isAccessDenied, toFailure } from "./errors";

export type ServerIdentity = { account: string; arn: string };

/** sts:GetCallerIdentity with the server's own credentials: the principal every access role trusts. */
export async function serverIdentity(): Promise<ServerIdentity> {
  const sts = new STSClient({ region: env().defaultRegion, credentials: baseCredentials(), endpoint: env().endpoint });
  try {
    const who = await sts.send(new GetCallerIdentityCommand({}));
    return { account: who.Account ?? "", arn: who.Arn ?? "" };
  } finally {
    sts.destroy();
  }
}

export const roleNameOf = (arn: string) => arn.split("/").pop() ?? arn;

export function accessPoliciesOf(role: RoleState): AccessPolicies {
  const identity = Object.entries(role.inlinePolicies).map(([name, document]) => ({ name, document }));
  const gaps: string[] = [];
  for (const p of role.attachedPolicies) {
    if (p.document) identity.push({ name: p.arn, document: p.document });
    else gaps.push(`Managed policy ${p.arn} on the access role could not be read; its statements are not counted.`);
  }
  const boundary =
    role.permissionsBoundary && role.permissionsBoundaryDocument
      ? { name: role.permissionsBoundary, document: role.permissionsBoundaryDocument }
      : undefined;
  if (role.permissionsBoundary && !role.permissionsBoundaryDocument)
    gaps.push(`The access role's permissions boundary ${role.permissionsBoundary} could not be read.`);
  return { status: "read", roleArn: role.arn, identity, ...(boundary ? { boundary } : {}), gaps };
}

/** The access role's own policies, read with its own credentials (it must be allowed to read itself). */
export async function readAccessRole(access: AccountAccess, region: string): Promise<AccessPolicies> {
  if (access.mode !== "role")
    return { status: "unread", why: "this account is reached with the server's own credentials, whose policies Lockbridge does not read." };
  const clients = clientsFor(access, region, "preflight");
  try {
    const read = await readRole(clients.iam, roleNameOf(access.roleArn));
    if (read.status === "found") return accessPoliciesOf(read.value);
    if (read.status === "error") return { status: "unread", why: `${read.code}: ${read.message}` };
    return { status: "unread", why: "the role was not found by its name." };
  } finally {
    for (const c of Object.values(clients)) c.destroy();
  }
}

/** Policies of the access role of each account the wizard reaches through a role. */
export async function readAccessPolicies(
  input: Pick<WizardInput, "accounts">,
): Promise<Partial<Record<"source" | "destination", AccessPolicies>>> {
  const out: Partial<Record<"source" | "destination", AccessPolicies>> = {};
  await Promise.all(
    (["source", "destination"] as const).map(async (side) => {
      const s = input.accounts[side];
      if (s.access === "role" && s.roleArn)
        out[side] = await readAccessRole({ mode: "role", roleArn: s.roleArn, externalId: s.externalId }, s.region);
      else if (s.access === "server")
        out[side] = {
          status: "unread",
          why: "this account is reached with the server's own credentials, whose policies Lockbridge does not read.",
        };
    }),
  );
  return out;
}

export type BucketSummary = {
  name: string;
  region: string | null;
  versioning: string;
  encryption: string;
  objectLock: string;
  replicationRules: string[];
  readable: boolean;
};

async function summarize(s3: S3Client, name: string, accountId: string, listedRegion: string | undefined): Promise<BucketSummary> {
  const p = { Bucket: name, ExpectedBucketOwner: accountId };
  const region =
    listedRegion ??
    (await s3.send(new GetBucketLocationCommand(p)).then(
      (r) => r.LocationConstraint || "us-east-1",
      () => null,
    ));
  const read = await readBucket(s3, name, accountId);
  const enc = await s3.send(new GetBucketEncryptionCommand(p)).then(
    (r) => r.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm ?? "none",
    (e: unknown) => (toFailure(e).code === "ServerSideEncryptionConfigurationNotFoundError" ? "none" : "not readable"),
  );
  if (read.status !== "found")
    return { name, region, versioning: "not readable", encryption: enc, objectLock: "not readable", replicationRules: [], readable: false };
  const b = read.value;
  const versioning = b.versioning.status === "found" ? b.versioning.value : "not readable";
  const objectLock = b.objectLock.status === "found" ? "Enabled" : b.objectLock.status === "absent" ? "Off" : "not readable";
  const replicationRules =
    b.replication.status === "found" ? b.replication.value.Rules.map((r) => `${String(r.ID ?? "?")} (${String(r.Status ?? "?")})`) : [];
  return { name, region, versioning, encryption: enc, objectLock, replicationRules, readable: b.versioning.status === "found" };
}

/** The account's buckets with what a person needs to choose sources: Region, versioning, encryption, Object Lock, rules. */
export async function listAccountBuckets(
  access: AccountAccess,
  region: string,
  accountId: string,
): Promise<{ ok: true; buckets: BucketSummary[] } | { ok: false; message: string }> {
  const clients = clientsFor(access, region, "list-buckets");
  try {
    const who = await clients.sts.send(new GetCallerIdentityCommand({}));
    if (who.Account !== accountId) return { ok: false, message: `These credentials act in account ${who.Account}, not ${accountId}.` };
    const listed = await clients.s3.send(new ListBucketsCommand({}));
    const buckets = await Promise.all(
      (listed.Buckets ?? []).filter((b) => b.Name).map((b) => summarize(clients.s3, b.Name!, accountId, b.BucketRegion)),
    );
    return { ok: true, buckets: buckets.sort((a, b) => a.name.localeCompare(b.name)) };
  } catch (err) {
    const f = toFailure(err);
    return {
      ok: false,
      message: isAccessDenied(err)
        ? `Listing buckets was denied (${f.code}): the access role needs s3:ListAllMyBuckets.`
        : `${f.code}: ${f.message}`,
    };
  } finally {
    for (const c of Object.values(clients)) c.destroy();
  }
}

export type OrganizationAccounts =
  { available: true; accounts: { id: string; name: string; status: string }[] } | { available: false; why: string };

/** organizations:ListAccounts with the server's credentials (management or delegated administrator account only). */
export async function organizationAccounts(): Promise<OrganizationAccounts> {
  const org = new OrganizationsClient({ region: "us-east-1", credentials: baseCredentials(), endpoint: env().endpoint, maxAttempts: 2 });
  try {
    // Outside an organization ListAccounts may answer with nothing; DescribeOrganization says why.
    await org.send(new DescribeOrganizationCommand({}));
    const accounts: { id: string; name: string; status: string }[] = [];
    let NextToken: string | undefined;
    do {
      const page = await org.send(new ListAccountsCommand({ NextToken }));
      for (const a of page.Accounts ?? []) accounts.push({ id: a.Id ?? "", name: a.Name ?? "", status: String(a.Status ?? "") });
      NextToken = page.NextToken;
    } while (NextToken && accounts.length < 5000);
    return { available: true, accounts };
  } catch (err) {
    const f = toFailure(err);
    return { available: false, why: `${f.code}: ${f.message}` };
  } finally {
    org.destroy();
  }
}
