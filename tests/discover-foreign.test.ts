// Discovery against the emulator: every Read<T> state (found / absent / unknown), IAM documents
// URL-decoded (trust, inline and attached managed policies), replication rules exactly as written.
import { AttachRolePolicyCommand, CreatePolicyCommand } from "@aws-sdk/client-iam";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../testing/seed";
import { discover } from "../lib/aws/discover";
import { SANDBOX_ACCOUNTS } from "../app/wizard/accounts/_components/sandbox-values";
import { SRC, callRecorder, sandboxInput, useEmulator } from "./apply-support";

const SCENARIO = "testing/seeds/foreign-content.json";
const box = useEmulator(SCENARIO);
const scenario = loadScenario(SCENARIO);
const [srcSeed, dstSeed] = scenario.accounts;
const ROLE = srcSeed!.roles![1]!;

describe("discover", () => {
  it("reads both accounts with their own credentials, decoding IAM documents", async () => {
    const input = sandboxInput(box.seeded);
    const observed = await discover(input);
    expect(observed.source).toEqual({
      status: "found",
      value: {
        versioning: { status: "found", value: "Enabled" },
        objectLock: { status: "absent" },
        ownership: { status: "found", value: "BucketOwnerEnforced" },
        requestPayment: { status: "found", value: "BucketOwner" },
        policy: { status: "absent" },
        replication: { status: "found", value: srcSeed!.buckets![0]!.replication },
        // The source's default encryption is read too (no configuration: S3's SSE-S3 default).
        encryption: { status: "absent" },
      },
    });
    expect(observed.destination.status === "found" && observed.destination.value.policy).toEqual({
      status: "found",
      value: dstSeed!.buckets![0]!.policy,
    });
    expect(observed.role).toEqual({
      status: "found",
      value: {
        arn: `arn:aws:iam::${SRC}:role/service-role/${ROLE.name}`,
        roleName: ROLE.name,
        path: "/service-role/",
        trust: ROLE.trust,
        inlinePolicies: ROLE.inlinePolicies,
        attachedPolicies: [],
        permissionsBoundary: null,
      },
    });
    expect(observed.destinationKey).toMatchObject({
      status: "found",
      value: {
        arn: box.seeded.keys["alias/lockbridge-vault"],
        keyManager: "CUSTOMER",
        keySpec: "SYMMETRIC_DEFAULT",
        keyState: "Enabled",
        region: "eu-west-1",
        policy: { status: "found", value: dstSeed!.kmsKeys![0]!.policy },
      },
    });
    expect(observed.sourceKey?.status).toBe("found");
  });

  it("reads attached managed policies' default version, URL-decoded", async () => {
    const src = await box.admin(SRC);
    const doc = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "s3:ListBucket", Resource: "arn:aws:s3:::a bucket+name" }],
    };
    const { Policy } = await src.iam.send(
      new CreatePolicyCommand({ PolicyName: "discover-attached", PolicyDocument: JSON.stringify(doc) }),
    );
    await src.iam.send(new AttachRolePolicyCommand({ RoleName: ROLE.name, PolicyArn: Policy!.Arn }));
    const observed = await discover(sandboxInput(box.seeded));
    expect(observed.role.status === "found" && observed.role.value.attachedPolicies).toEqual([{ arn: Policy!.Arn, document: doc }]);
  });

  it("absent is a state: missing buckets, role and key", async () => {
    const input = sandboxInput(box.seeded, {
      accounts: { source: { ...SANDBOX_ACCOUNTS.source, bucket: "no-such-source-bucket" }, destination: SANDBOX_ACCOUNTS.destination },
      role: { mode: "create", roleName: "no-such-role", path: "/" },
      encryption: {
        mode: "sse-kms",
        sourceKeyArn: `arn:aws:kms:eu-west-1:${SRC}:key/00000000-0000-0000-0000-000000000000`,
        destinationKeyArn: box.seeded.keys["alias/lockbridge-vault"]!,
        bucketKeys: true,
      },
    });
    const observed = await discover(input);
    expect(observed.source).toEqual({ status: "absent" });
    expect(observed.role).toEqual({ status: "absent" });
    expect(observed.sourceKey).toEqual({ status: "absent" });
    expect(observed.destination.status).toBe("found");
  });

  it("a plan-only account is not read at all (unknown), and the other account's reads run in parallel", async () => {
    const rec = callRecorder();
    const input = sandboxInput(
      box.seeded,
      {},
      { ...SANDBOX_ACCOUNTS, source: { ...SANDBOX_ACCOUNTS.source, access: "plan-only", roleArn: "" } },
    );
    const observed = await discover(input, { hooks: rec });
    expect(observed.source).toEqual({ status: "unknown" });
    expect(observed.role).toEqual({ status: "unknown" });
    expect(observed.sourceKey).toEqual({ status: "unknown" });
    expect(observed.destination.status).toBe("found");
    expect(new Set(rec.calls.map((c) => c.account))).toEqual(new Set(["destination"]));
    expect(rec.writes()).toEqual([]);
    // Six bucket reads + DescribeKey + GetKeyPolicy, all started before the first one ended.
    expect(rec.calls).toHaveLength(8);
    const firstEnd = Math.min(...rec.calls.map((c) => c.endedAt));
    expect(rec.calls.every((c) => c.startedAt <= firstEnd)).toBe(true);
  });
});
