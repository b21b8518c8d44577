import "server-only";
import { IAMClient } from "@aws-sdk/client-iam";
import { KMSClient } from "@aws-sdk/client-kms";
import { S3Client } from "@aws-sdk/client-s3";
import { STSClient } from "@aws-sdk/client-sts";
import { env } from "@/lib/env";
import { type AccountAccess, credentialsFor } from "./credentials";

export type AccountClients = { s3: S3Client; iam: IAMClient; kms: KMSClient; sts: STSClient };

const MAX_ATTEMPTS = 5; // the SDK's standard retry mode backs off on throttling and 5xx.

/** SDK clients acting in one account. With an endpoint override (the emulator) S3 must be path-style. */
export function clientsFor(access: AccountAccess, region: string, purpose?: string): AccountClients {
  const endpoint = env().endpoint;
  const credentials = credentialsFor(access, region, purpose);
  // A hung connection must fail the step, not freeze an apply: the SDK only warns on a request
  // timeout unless told to throw.
  const requestHandler = { connectionTimeout: 5_000, requestTimeout: env().awsTimeoutMs, throwOnRequestTimeout: true };
  const common = { region, credentials, endpoint, maxAttempts: MAX_ATTEMPTS, requestHandler };
  return {
    s3: new S3Client({ ...common, forcePathStyle: endpoint !== undefined }),
    // IAM is global; its endpoint lives in us-east-1 for the aws partition.
    iam: new IAMClient({ ...common, region: "us-east-1" }),
    kms: new KMSClient(common),
    sts: new STSClient(common),
  };
}
