// The fault proxy itself: it names operations as AWS does and fails exactly what it is told to.
import { CreateBucketCommand, GetBucketPolicyCommand, PutBucketPolicyCommand, S3Client } from "@aws-sdk/client-s3";
import { KMSClient, ListKeysCommand } from "@aws-sdk/client-kms";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FaultProxy, startFaultProxy } from "@/testing/fault-proxy";
import { sandboxCredentials, testEndpoint } from "@/testing/emulator";

let proxy: FaultProxy;
const s3 = () =>
  new S3Client({
    endpoint: proxy.endpoint,
    region: "eu-west-1",
    forcePathStyle: true,
    credentials: sandboxCredentials,
    maxAttempts: 1,
    requestHandler: { requestTimeout: 1500, throwOnRequestTimeout: true },
  });
const bucket = "fault-proxy-test-bucket";
const policy = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Sid: "A", Effect: "Deny", Principal: "*", Action: "s3:DeleteBucket", Resource: `arn:aws:s3:::${bucket}` }],
});

beforeAll(async () => {
  proxy = await startFaultProxy(testEndpoint());
  await s3().send(new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: "eu-west-1" } }));
});
afterAll(() => proxy.stop());

describe("fault proxy", () => {
  it("forwards untouched calls and names them", async () => {
    await s3().send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policy }));
    const got = await s3().send(new GetBucketPolicyCommand({ Bucket: bucket }));
    expect(JSON.parse(got.Policy ?? "{}")).toEqual(JSON.parse(policy));
    await new KMSClient({ endpoint: proxy.endpoint, region: "eu-west-1", credentials: sandboxCredentials }).send(new ListKeysCommand({}));
    expect(proxy.calls.map((c) => c.operation)).toEqual(
      expect.arrayContaining(["CreateBucket", "PutBucketPolicy", "GetBucketPolicy", "ListKeys"]),
    );
  });

  it.each([
    ["http-500", /InternalError|injected/],
    ["slowdown-503", /SlowDown|injected/],
    ["reset", /socket hang up|ECONNRESET/],
    ["hang", /timed out|timeout|ECONNRESET|aborted/i],
  ] as const)("fails the next PutBucketPolicy once with %s", async (mode, error) => {
    proxy.inject({ operation: "PutBucketPolicy", mode });
    await expect(s3().send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policy }))).rejects.toThrow(error);
    await s3().send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policy })); // only once
    expect(proxy.calls.filter((c) => c.faulted === mode)).toHaveLength(1);
  });
});
