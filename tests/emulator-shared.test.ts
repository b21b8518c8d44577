// The run-wide emulator from testing/emulator-global-setup.ts reaches test workers both ways
// (inject and env), and clientsFor() acts in the requested account. Other files use it at the
// same time: no reset here, and only names no one else uses.
import { CreateBucketCommand, ListBucketsCommand } from "@aws-sdk/client-s3";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { expect, inject, it } from "vitest";
import { clientsFor, testEndpoint } from "../testing/emulator";

it("publishes one endpoint and gives per-account clients", async () => {
  expect(testEndpoint()).toBe(inject("emulatorEndpoint"));
  expect(testEndpoint()).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const c = await clientsFor("444444444444");
  try {
    expect((await c.sts.send(new GetCallerIdentityCommand({}))).Account).toBe("444444444444");
    const Bucket = `shared-check-${process.pid}-${Date.now()}`;
    await c.s3.send(new CreateBucketCommand({ Bucket, CreateBucketConfiguration: { LocationConstraint: "eu-west-1" } }));
    expect((await c.s3.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name)).toContain(Bucket);
  } finally {
    c.destroy();
  }
});
