// Which errors are retried: throttling, and the two documented propagation errors on the calls they hit.
import { describe, expect, it } from "vitest";
import { instantBackoff, retryReason, withRetry } from "./retry";

const awsError = (name: string, message: string, httpStatusCode = 400) =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode } });

describe("retryReason", () => {
  it("classifies throttling and propagation errors, and nothing else", () => {
    expect(retryReason("PutBucketPolicy", awsError("SlowDown", "Please reduce your request rate.", 503))).toBe("throttling");
    expect(retryReason("CreateRole", awsError("Throttling", "Rate exceeded"))).toBe("throttling");
    expect(retryReason("PutBucketPolicy", awsError("MalformedPolicy", "Invalid principal in policy"))).toBe("propagation");
    expect(
      retryReason(
        "PutKeyPolicy",
        awsError("MalformedPolicyDocumentException", "Policy contains a statement with one or more invalid principals."),
      ),
    ).toBe("propagation");
    expect(
      retryReason(
        "PutObjectLockConfiguration",
        awsError("InvalidBucketState", "Versioning must be 'Enabled' on the bucket to apply a Object Lock configuration"),
      ),
    ).toBe("propagation");
    expect(
      retryReason(
        "PutBucketReplication",
        awsError("InvalidRequest", "Versioning must be 'Enabled' on the bucket to apply a replication configuration"),
      ),
    ).toBe("propagation");
    expect(retryReason("PutBucketPolicy", awsError("MalformedPolicy", "Policy has invalid action"))).toBeUndefined();
    expect(retryReason("CreateRole", awsError("LimitExceeded", "Cannot exceed quota for RolesPerAccount"))).toBeUndefined();
    expect(retryReason("PutRolePolicy", awsError("AccessDenied", "denied", 403))).toBeUndefined();
  });

  it('does not take "Invalid principal" for propagation when the document names an orphaned principal', () => {
    const policy = (aws: string[]) => ({
      Version: "2012-10-17",
      Statement: [{ Sid: "Foreign", Effect: "Allow", Principal: { AWS: aws }, Action: "s3:GetObject", Resource: "*" }],
    });
    const invalid = awsError("MalformedPolicy", "Invalid principal in policy");
    expect(retryReason("PutBucketPolicy", invalid, policy(["arn:aws:iam::111122223333:role/new"]))).toBe("propagation");
    expect(
      retryReason("PutBucketPolicy", invalid, policy(["AROAEXAMPLEORPHAN0001", "arn:aws:iam::111122223333:role/new"])),
    ).toBeUndefined();
    expect(
      retryReason("PutKeyPolicy", awsError("MalformedPolicyDocumentException", "invalid principals"), policy(["AIDAEXAMPLEORPHAN0002"])),
    ).toBeUndefined();
  });
});

describe("withRetry", () => {
  it("retries within the budget with the injected backoff, then rethrows", async () => {
    const waits: number[] = [];
    const backoff = { ...instantBackoff, delayMs: (n: number) => n * 10, sleep: async (ms: number) => void waits.push(ms) };
    let calls = 0;
    const notes: string[] = [];
    const err = await withRetry(
      "PutBucketPolicy",
      async () => {
        calls++;
        throw awsError("MalformedPolicy", "Invalid principal in policy");
      },
      backoff,
      (n) => notes.push(n),
    ).catch((e: Error) => e);
    expect((err as Error).message).toBe("Invalid principal in policy");
    expect(calls).toBe(backoff.maxAttempts.propagation);
    expect(waits).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(notes[0]).toMatch(/Not propagated yet .*retry 2\/8/);
  });
  it('fails at once, without waiting for propagation, when an orphaned principal causes "Invalid principal"', async () => {
    let calls = 0;
    const doc = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { AWS: "AROAEXAMPLEORPHAN0001" }, Action: "s3:GetObject", Resource: "*" }],
    };
    const err = await withRetry(
      "PutBucketPolicy",
      async () => {
        calls++;
        throw awsError("MalformedPolicy", "Invalid principal in policy");
      },
      instantBackoff,
      undefined,
      doc,
    ).catch((e: Error) => e);
    expect((err as Error).message).toBe("Invalid principal in policy");
    expect(calls).toBe(1);
  });
  it("returns as soon as an attempt succeeds", async () => {
    let calls = 0;
    const out = await withRetry(
      "PutKeyPolicy",
      async () => {
        if (++calls < 3) throw awsError("ThrottlingException", "slow down");
        return "ok";
      },
      instantBackoff,
    );
    expect([out, calls]).toEqual(["ok", 3]);
  });
});
