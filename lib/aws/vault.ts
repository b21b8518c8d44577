import "server-only";
// Live reads for the vault page: the vault's bucket and key policies (with the vault account's access),
// and the replication status of a source's last canary object (with the source account's access).
import { GetBucketPolicyCommand, HeadObjectCommand } from "@aws-sdk/client-s3";
import { GetKeyPolicyCommand } from "@aws-sdk/client-kms";
import type { Read } from "@/lib/plan/observed";
import type { PolicyDocument } from "@/lib/plan/types";
import { parsePolicy, readAs } from "./adapters";
import { clientsFor } from "./clients";
import type { AccountAccess } from "./credentials";
import { toFailure } from "./errors";

export async function readVaultPolicies(
  access: AccountAccess,
  region: string,
  accountId: string,
  bucket: string,
  keyArn: string | undefined,
): Promise<{ bucketPolicy: Read<PolicyDocument>; keyPolicy: Read<PolicyDocument> | undefined }> {
  const c = clientsFor(access, region, "vault");
  try {
    const [bucketPolicy, keyPolicy] = await Promise.all([
      readAs(
        async () => parsePolicy((await c.s3.send(new GetBucketPolicyCommand({ Bucket: bucket, ExpectedBucketOwner: accountId }))).Policy),
        ["NoSuchBucketPolicy"],
        "s3:GetBucketPolicy",
      ),
      keyArn
        ? readAs(
            async () => parsePolicy((await c.kms.send(new GetKeyPolicyCommand({ KeyId: keyArn, PolicyName: "default" }))).Policy),
            ["NotFoundException"],
            "kms:GetKeyPolicy",
          )
        : Promise.resolve(undefined),
    ]);
    return { bucketPolicy, keyPolicy };
  } finally {
    for (const x of Object.values(c)) x.destroy();
  }
}

/** ReplicationStatus of an object in the source (PENDING, COMPLETED, FAILED), or why it is not known. */
export async function replicationStatusOf(
  access: AccountAccess,
  region: string,
  accountId: string,
  bucket: string,
  key: string,
): Promise<string> {
  const c = clientsFor(access, region, "vault-canary");
  try {
    const head = await c.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key, ExpectedBucketOwner: accountId }));
    return head.ReplicationStatus ?? "no replication status";
  } catch (err) {
    const f = toFailure(err);
    return f.httpStatus === 404 ? "canary object gone" : `not readable (${f.code})`;
  } finally {
    for (const x of Object.values(c)) x.destroy();
  }
}
