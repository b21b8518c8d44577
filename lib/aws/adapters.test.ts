// Adapters turn SDK shapes into plan types. IAM's URL-encoded policy documents are pinned here with the
// exact encoding IAM uses (and tests/discover-*.test.ts pins it against the emulator).
import { describe, expect, it } from "vitest";
import { decodeIamDocument, keyStateOf, ownershipOf, parsePolicy, plain, replicationOf, versioningOf } from "./adapters";

const doc = {
  Version: "2012-10-17",
  Statement: [
    {
      Sid: 'Quotes "and" spaces',
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: "arn:aws:s3:::b/a key+plus/%literal/*",
      Condition: { StringLike: { "s3:prefix": ["ü/é/*"] } },
    },
  ],
};

describe("IAM documents", () => {
  it("are URL-decoded, then parsed (IAM returns RFC 3986 percent-encoding)", () => {
    const encoded = encodeURIComponent(JSON.stringify(doc));
    expect(encoded.startsWith("%7B%22Version%22")).toBe(true);
    expect(decodeIamDocument(encoded)).toEqual(doc);
  });
  it("keep a literal '+' (not a space: IAM encodes a space as %20)", () => {
    expect(decodeIamDocument("%7B%22A%22%3A%22a+b%20c%22%7D")).toEqual({ A: "a+b c" });
  });
  it("an empty document reads as {}", () => {
    expect(decodeIamDocument(undefined)).toEqual({});
  });
  it("S3/KMS policies are plain JSON objects; anything else is refused", () => {
    expect(parsePolicy(JSON.stringify(doc))).toEqual(doc);
    expect(() => parsePolicy("[1]")).toThrow(/not a JSON object/);
  });
});

describe("S3 and KMS shapes", () => {
  it("drop $metadata and undefined members", () => {
    expect(plain({ $metadata: { requestId: "x" }, A: 1, B: undefined })).toEqual({ A: 1 });
  });
  it("versioning without Status is Off", () => {
    expect([versioningOf(undefined), versioningOf("Enabled"), versioningOf("Suspended")]).toEqual(["Off", "Enabled", "Suspended"]);
  });
  it("ownership is the first rule, absent without one", () => {
    expect(ownershipOf([{ ObjectOwnership: "BucketOwnerEnforced" }])).toEqual({ status: "found", value: "BucketOwnerEnforced" });
    expect(ownershipOf([])).toEqual({ status: "absent" });
  });
  it("replication keeps rules exactly as returned", () => {
    const rules = [
      {
        ID: "r",
        Priority: 1,
        Status: "Enabled",
        Filter: {},
        Destination: { Bucket: "arn:aws:s3:::d" },
        DeleteMarkerReplication: { Status: "Disabled" },
      },
    ];
    expect(replicationOf({ Role: "arn:aws:iam::1:role/r", Rules: rules } as never)).toEqual({
      Role: "arn:aws:iam::1:role/r",
      Rules: rules,
    });
  });
  it("key metadata takes its region from the ARN", () => {
    const k = keyStateOf(
      {
        Arn: "arn:aws:kms:eu-west-1:222222222222:key/k",
        KeyManager: "CUSTOMER",
        KeySpec: "SYMMETRIC_DEFAULT",
        KeyUsage: "ENCRYPT_DECRYPT",
        KeyState: "Enabled",
      } as never,
      { status: "absent" },
    );
    expect(k).toMatchObject({ region: "eu-west-1", keyManager: "CUSTOMER", keyState: "Enabled" });
  });
});
