// Pins how iam-simulate behaves for the requests Lockbridge simulates (see requests.ts for why the
// principal is the replication role and not s3.amazonaws.com).
import { describe, expect, it } from "vitest";
import { iamSimulateEvaluator } from "./engine";
import type { EvaluationRequest } from "./types";

const ROLE = "arn:aws:iam::111122223333:role/service-role/replication";
const request = (over: Partial<EvaluationRequest> = {}): EvaluationRequest => ({
  principal: ROLE,
  action: "s3:ReplicateObject",
  resource: "arn:aws:s3:::central-vault/sample",
  resourceAccount: "444455556666",
  context: { "aws:PrincipalArn": ROLE, "aws:PrincipalAccount": "111122223333" },
  identityPolicies: [
    {
      name: "inline",
      document: {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "s3:ReplicateObject", Resource: "arn:aws:s3:::central-vault/*" }],
      },
    },
  ],
  resourcePolicy: {
    Version: "2012-10-17",
    Statement: [
      { Sid: "Ours", Effect: "Allow", Principal: { AWS: ROLE }, Action: "s3:ReplicateObject", Resource: "arn:aws:s3:::central-vault/*" },
    ],
  },
  ...over,
});

describe("iam-simulate evaluator", () => {
  it("the role as principal: allowed cross-account by identity + bucket policy, with the granting statements", async () => {
    const out = await iamSimulateEvaluator(request());
    expect(out).toMatchObject({
      kind: "result",
      result: "Allowed",
      grants: [
        { policyType: "identity", policyName: "inline", index: 1 },
        { policyType: "resource", sid: "Ours", index: 1 },
      ],
    });
  });

  it("s3.amazonaws.com as principal is NOT how S3 replicates: the bucket policy names the role, so it does not match the service", async () => {
    // iam-simulate applies whatever identity policies it is given to any principal string; the resource
    // side is what tells the service principal apart from the role session S3 really uses.
    const out = await iamSimulateEvaluator(request({ principal: "s3.amazonaws.com", context: {} }));
    expect(out).toMatchObject({ kind: "result", result: "ImplicitlyDenied", implicit: ["resource"] });
    const bare = await iamSimulateEvaluator(request({ principal: "s3.amazonaws.com", context: {}, identityPolicies: [] }));
    expect(bare).toMatchObject({ kind: "result", result: "ImplicitlyDenied" });
  });

  it("cross-account without a bucket policy: implicit deny; the engine names no resource side (simulate.ts adds it)", async () => {
    const out = await iamSimulateEvaluator(request({ resourcePolicy: undefined }));
    expect(out).toMatchObject({ kind: "result", result: "ImplicitlyDenied" });
  });

  it("unknown context keys are reported, not guessed (Discovery mode)", async () => {
    const deny = {
      Sid: "Vpce",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: "arn:aws:s3:::central-vault/*",
      Condition: { StringNotEquals: { "aws:SourceVpce": "vpce-1" } },
    };
    const base = request().resourcePolicy!;
    const out = await iamSimulateEvaluator(
      request({ resourcePolicy: { ...base, Statement: [...(base.Statement as object[]), deny] } as typeof base }),
    );
    expect(out).toMatchObject({
      kind: "result",
      result: "Allowed",
      unevaluated: [{ policyType: "resource", effect: "Deny", sid: "Vpce", key: "aws:SourceVpce", operator: "StringNotEquals" }],
    });
  });

  it("an invalid policy is an error, not a verdict", async () => {
    const out = await iamSimulateEvaluator(
      request({ identityPolicies: [{ name: "broken", document: { Statement: [{ Effect: "Allow", Action: "s3:ReplicateObject" }] } }] }),
    );
    expect(out.kind).toBe("error");
    if (out.kind === "error") expect(out.message).toContain("broken");
  });
});
