import { describe, expect, it } from "vitest";
import { accountsStep } from "./accounts";
import { fieldErrorsOf } from "./errors";

const side = (over: Record<string, string> = {}) => ({
  accountId: "111111111111",
  region: "eu-west-1",
  bucket: "source-bucket",
  access: "role",
  roleArn: "arn:aws:iam::111111111111:role/LockbridgeAdmin",
  externalId: "",
  ...over,
});
const valid = () => ({
  source: side(),
  destination: side({ accountId: "222222222222", bucket: "vault-bucket", roleArn: "arn:aws:iam::222222222222:role/service-role/Admin" }),
});

function errors(input: unknown) {
  const r = accountsStep.safeParse(input);
  return r.success ? {} : fieldErrorsOf(r.error);
}

describe("accountsStep", () => {
  it("accepts two reachable accounts and drops empty optional text", () => {
    const r = accountsStep.parse(valid());
    expect(r.source.externalId).toBeUndefined();
    expect(r.destination.roleArn).toBe("arn:aws:iam::222222222222:role/service-role/Admin");
  });

  it("requires a role ARN only when assuming a role", () => {
    expect(errors({ ...valid(), source: side({ roleArn: "" }) })).toEqual({
      "source.roleArn": "Enter the ARN of a role to assume in this account.",
    });
    expect(errors({ ...valid(), source: side({ access: "server", roleArn: "" }) })).toEqual({});
    expect(
      errors({ ...valid(), destination: side({ access: "plan-only", roleArn: "", bucket: "vault-bucket", accountId: "222222222222" }) }),
    ).toEqual({});
  });

  it("refuses a role that lives in another account than the one typed", () => {
    expect(
      errors({
        ...valid(),
        destination: side({ accountId: "333333333333", bucket: "vault-bucket", roleArn: "arn:aws:iam::222222222222:role/Admin" }),
      }),
    ).toEqual({
      "destination.roleArn": "This role is in account 222222222222, not 333333333333.",
    });
  });

  it("refuses the same bucket on both sides", () => {
    expect(errors({ ...valid(), destination: side({ accountId: "222222222222", roleArn: "arn:aws:iam::222222222222:role/A" }) })).toEqual({
      "destination.bucket": "The destination bucket must differ from the source bucket.",
    });
  });

  it.each([
    ["12345678901", "An AWS account ID is exactly 12 digits, e.g. 111122223333."],
    ["1234567890123", "An AWS account ID is exactly 12 digits, e.g. 111122223333."],
    ["11111111111a", "An AWS account ID is exactly 12 digits, e.g. 111122223333."],
  ])("account ID %s", (accountId, message) => {
    expect(errors({ ...valid(), source: side({ accountId }) })["source.accountId"]).toBe(message);
  });

  it.each([
    ["arn:aws:iam::111111111111:user/alice"],
    ["arn:aws:iam::11111111111:role/Admin"],
    ["arn:aws:sts::111111111111:assumed-role/Admin/x"],
    ["LockbridgeAdmin"],
    ["arn:aws:iam::111111111111:role/has space"],
  ])("role ARN %s", (roleArn) => {
    expect(errors({ ...valid(), source: side({ roleArn }) })["source.roleArn"]).toBe(
      "Enter a role ARN like arn:aws:iam::111122223333:role/LockbridgeAdmin.",
    );
  });

  it.each([
    ["ab", "must be 3 to 63 characters long"],
    ["a".repeat(64), "must be 3 to 63 characters long"],
    ["My-Bucket", "may contain only lowercase letters, digits, dots and hyphens"],
    ["my_bucket", "may contain only lowercase letters, digits, dots and hyphens"],
    ["-bucket", "must start and end with a letter or digit"],
    ["bucket.", "must start and end with a letter or digit"],
    ["my..bucket", "must not contain two adjacent dots"],
    ["192.168.5.4", "must not be formatted as an IP address"],
    ["xn--bucket", "must not start with xn--"],
    ["sthree-bucket", "must not start with xn--, sthree-"],
    ["bucket-s3alias", "must not end with -s3alias"],
    ["bucket--ol-s3", "must not end with -s3alias, --ol-s3"],
  ])("bucket name %s", (bucket, message) => {
    expect(errors({ ...valid(), source: side({ bucket }) })["source.bucket"]).toContain(message);
  });

  it("rejects a bad region and a bad ExternalId", () => {
    const e = errors({ ...valid(), source: side({ region: "Ireland", externalId: "x" }) });
    expect(e["source.region"]).toBe("Enter an AWS Region code such as eu-west-1.");
    expect(e["source.externalId"]).toContain("An ExternalId is 2 to 1224 characters");
  });
});
