// Size limits pinned to AWS's published numbers, written here as literals on purpose: a test that read
// LIMITS would pass whatever LIMITS said. S3 bucket policy 20 KB = 20,480 bytes; KMS key policy 32 KB =
// 32,768 bytes; IAM inline policies of one role 10,240 characters in total and a trust policy 2,048
// characters, both counted without whitespace.
import { describe, expect, it } from "vitest";
import type { AccountSide, Change, ChangeOf, PolicyDocument } from "./types";
import { validateChanges } from "./validate";

type Common = "account" | "accountId" | "region" | "kind" | "dependsOn" | "description";
type Part = { [A in Change["action"]]: Omit<ChangeOf<A>, Common> & { account?: AccountSide } }[Change["action"]];
const change = (d: Part): Change => ({
  account: "destination",
  accountId: "444455556666",
  region: "eu-central-1",
  kind: "update",
  dependsOn: [],
  description: "test",
  ...d,
});

const bytes = (doc: unknown) => new TextEncoder().encode(JSON.stringify(doc)).length;
const chars = (doc: unknown) => JSON.stringify(doc).replace(/\s/g, "").length;

/** A resource policy of exactly `size` (measured by `measure`), padded through a Resource ARN. */
function resourcePolicy(size: number, measure: (d: unknown) => number, principal = true): PolicyDocument {
  const doc = (pad: string): PolicyDocument => ({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "Pad",
        Effect: "Allow",
        ...(principal ? { Principal: { AWS: "arn:aws:iam::111122223333:root" } } : {}),
        Action: "s3:GetObject",
        Resource: `arn:aws:s3:::central-vault/${pad}`,
      },
    ],
  });
  const pad = "x".repeat(size - measure(doc("")));
  const out = doc(pad);
  expect(measure(out)).toBe(size);
  return out;
}

const errorsOf = (c: Change, others = 0) => validateChanges([c], others).errors.map((e) => e.message);

describe("AWS size limits", () => {
  it("bucket policy: 20,480 bytes pass, 20,481 fail", () => {
    const at = (n: number) =>
      change({
        id: "destination.bucketPolicy",
        action: "PutBucketPolicy",
        target: "central-vault",
        before: null,
        after: resourcePolicy(n, bytes),
      });
    expect(errorsOf(at(20480))).toEqual([]);
    expect(errorsOf(at(20481))).toEqual(["The bucket policy would be 20481 bytes; S3 allows 20480."]);
  });

  it("bucket policy size counts UTF-8 bytes, not characters", () => {
    const doc = resourcePolicy(20480, bytes);
    const statement = (doc.Statement as { Resource: string }[])[0]!;
    statement.Resource = `${statement.Resource.slice(0, -2)}é`; // one character fewer, same byte count
    expect(bytes(doc)).toBe(20480);
    expect(
      errorsOf(change({ id: "destination.bucketPolicy", action: "PutBucketPolicy", target: "central-vault", before: null, after: doc })),
    ).toEqual([]);
  });

  it("key policy: 32,768 bytes pass, 32,769 fail", () => {
    const at = (n: number) =>
      change({
        id: "destination.keyPolicy",
        action: "PutKeyPolicy",
        target: "arn:aws:kms:eu-central-1:444455556666:key/k",
        before: null,
        after: resourcePolicy(n, bytes),
      });
    expect(errorsOf(at(32768))).toEqual([]);
    expect(errorsOf(at(32769))).toEqual(["The key policy would be 32769 bytes; KMS allows 32768."]);
  });

  it("trust policy: 2,048 characters without whitespace pass, 2,049 fail", () => {
    const at = (n: number) =>
      change({
        id: "source.role",
        action: "CreateRole",
        account: "source",
        target: "r",
        before: null,
        after: { RoleName: "r", Path: "/", Description: "", AssumeRolePolicyDocument: resourcePolicy(n, chars) },
      });
    expect(errorsOf(at(2048))).toEqual([]);
    expect(errorsOf(at(2049))).toEqual(["The trust policy would be 2049 characters; IAM allows 2048."]);
  });

  it("inline policies of a role: 10,240 characters in total pass, 10,241 fail", () => {
    const own = resourcePolicy(4000, chars, false);
    const c = change({
      id: "source.rolePolicy",
      action: "PutRolePolicy",
      account: "source",
      target: "r",
      before: null,
      after: { RoleName: "r", PolicyName: "p", PolicyDocument: own },
    });
    // The role's other inline policies count too: 4,000 here plus 6,240 elsewhere is exactly 10,240.
    expect(errorsOf(c, 10240 - 4000)).toEqual([]);
    expect(errorsOf(c, 10241 - 4000)).toEqual([
      "The role's inline policies would total 10241 characters (whitespace excluded); IAM allows 10240.",
    ]);
  });
});
