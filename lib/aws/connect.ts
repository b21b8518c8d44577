import "server-only";
// Step 1 "Connect": reach each account as configured, prove which identity we got, and check the
// bucket is there. Refuses when the identity's account is not the one the user typed.
import { HeadBucketCommand } from "@aws-sdk/client-s3";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import type { AccountsStep, Side } from "@/lib/schema/accounts";
import type { FieldErrors } from "@/lib/schema/errors";
import { clientsFor } from "./clients";
import { type AccountAccess } from "./credentials";
import { toFailure } from "./errors";

export type Identity = { account: string; arn: string };

export type SideConnection =
  | { state: "plan-only" }
  | { state: "connected"; identity: Identity; bucketRegion?: string }
  | { state: "failed"; identity?: Identity; errors: FieldErrors };

export type Connection = { ok: boolean; source: SideConnection; destination: SideConnection };

export function accessOf(side: Side): AccountAccess | undefined {
  if (side.access === "server") return { mode: "server" };
  if (side.access === "role" && side.roleArn) return { mode: "role", roleArn: side.roleArn, externalId: side.externalId };
  return undefined;
}

async function connectSide(side: Side, label: "Source" | "Destination"): Promise<SideConnection> {
  const access = accessOf(side);
  if (!access) return { state: "plan-only" };
  const credentialField = access.mode === "role" ? "roleArn" : "access";
  const { s3, sts } = clientsFor(access, side.region, "connect");

  let identity: Identity;
  try {
    const who = await sts.send(new GetCallerIdentityCommand({}));
    identity = { account: who.Account ?? "", arn: who.Arn ?? "" };
  } catch (err) {
    const f = toFailure(err);
    const what = access.mode === "role" ? "Could not assume this role" : "The server's own credentials did not work";
    return { state: "failed", errors: { [credentialField]: `${what}: ${f.code}: ${f.message}` } };
  }
  if (identity.account !== side.accountId) {
    return {
      state: "failed",
      identity,
      errors: {
        accountId: `${label} credentials reached account ${identity.account} (${identity.arn}), not ${side.accountId}. Check the account ID or the role.`,
      },
    };
  }

  try {
    const head = await s3.send(new HeadBucketCommand({ Bucket: side.bucket, ExpectedBucketOwner: side.accountId }));
    const bucketRegion = head.BucketRegion;
    if (bucketRegion && bucketRegion !== side.region) {
      return { state: "failed", identity, errors: { region: `Bucket ${side.bucket} is in ${bucketRegion}, not ${side.region}.` } };
    }
    return { state: "connected", identity, bucketRegion };
  } catch (err) {
    const f = toFailure(err);
    const message =
      f.httpStatus === 404
        ? `Bucket ${side.bucket} does not exist.`
        : f.httpStatus === 403
          ? `Bucket ${side.bucket} is not reachable: access denied, or it is not owned by account ${side.accountId}.`
          : f.httpStatus === 301
            ? `Bucket ${side.bucket} is in another Region than ${side.region}.`
            : `Bucket ${side.bucket} could not be checked: ${f.code}: ${f.message}`;
    return { state: "failed", identity, errors: { bucket: message } };
  }
}

export async function connectAccounts(input: AccountsStep): Promise<Connection> {
  const [source, destination] = await Promise.all([connectSide(input.source, "Source"), connectSide(input.destination, "Destination")]);
  return { ok: source.state !== "failed" && destination.state !== "failed", source, destination };
}
