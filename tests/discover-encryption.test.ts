// Discovery reads the source bucket's default encryption (GetBucketEncryption). When new objects are
// SSE-KMS by default and the rule does not select SSE-KMS objects, S3 would skip them without a word:
// the plan says so as an error.
import { PutBucketEncryptionCommand } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { reviewPlan } from "../lib/apply/review";
import { discover } from "../lib/aws/discover";
import { SOURCE_BUCKET, SRC, sandboxInput, useEmulator } from "./apply-support";

const box = useEmulator();

describe("source default encryption", () => {
  it("SSE-KMS by default without SSE-KMS selection is a plan error; with SSE-KMS selected it is not", async () => {
    const src = await box.admin(SRC);
    const key = box.seeded.keys["alias/lockbridge-source"]!;
    await src.s3.send(
      new PutBucketEncryptionCommand({
        Bucket: SOURCE_BUCKET,
        ServerSideEncryptionConfiguration: {
          Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms", KMSMasterKeyID: key }, BucketKeyEnabled: true }],
        },
      }),
    );

    const withoutKms = sandboxInput(box.seeded, { encryption: { mode: "none" } });
    const observed = await discover(withoutKms);
    expect(observed.source.status === "found" && observed.source.value.encryption).toEqual({
      status: "found",
      value: { algorithm: "aws:kms", kmsKeyId: key, bucketKeyEnabled: true },
    });
    const plan = await reviewPlan(withoutKms);
    expect(plan.applyable).toBe(false);
    expect(plan.errors).toContainEqual({
      path: "encryption.mode",
      message: expect.stringContaining("those objects would silently never replicate"),
    });

    const withKms = await reviewPlan(sandboxInput(box.seeded));
    expect(withKms.errors.filter((e) => e.path === "encryption.mode")).toEqual([]);
  });
});
