// Lockbridge's own permissions before apply: an access role that may not call
// s3:PutReplicationConfiguration is reported by Review's diagnostics, with the statement that fixes it,
// and blocks apply; the vault's full access role is reported as allowed.
import { CreateRoleCommand, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import { describe, expect, it } from "vitest";
import { liveReview } from "@/lib/workflow";
import { accessRolePolicy, type AccessRoleSpec } from "@/lib/plan/onboard";
import type { JsonObject } from "@/lib/plan/types";
import { DST, SOURCE_BUCKET, SRC, VAULT, sandboxInput, useEmulator } from "./apply-support";

const box = useEmulator();
const trust = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "sts:AssumeRole" }],
};

async function accessRole(account: string, spec: AccessRoleSpec, edit: (p: JsonObject) => JsonObject = (p) => p) {
  const admin = await box.admin(account);
  await admin.iam.send(new CreateRoleCommand({ RoleName: spec.accessRoleName, AssumeRolePolicyDocument: JSON.stringify(trust) }));
  await admin.iam.send(
    new PutRolePolicyCommand({
      RoleName: spec.accessRoleName,
      PolicyName: "lockbridge-access",
      PolicyDocument: JSON.stringify(edit(accessRolePolicy(spec))),
    }),
  );
  return `arn:aws:iam::${account}:role/${spec.accessRoleName}`;
}

describe("own-permission preflight", () => {
  it("reports an access role missing s3:PutReplicationConfiguration before apply, with the fixing statement", async () => {
    const keys = box.seeded.keys;
    const common = {
      region: "eu-west-1",
      replicationRolePath: "/service-role/",
      accessRoleName: "LockbridgeAccess",
      trustedPrincipalArn: "arn:aws:iam::123456789012:root",
      externalId: "x-1",
    };
    const withoutReplication = (p: JsonObject) => ({
      ...p,
      Statement: (p.Statement as JsonObject[]).map((st) =>
        Array.isArray(st.Action) ? { ...st, Action: st.Action.filter((a) => a !== "s3:PutReplicationConfiguration") } : st,
      ),
    });
    const srcRole = await accessRole(
      SRC,
      { ...common, part: "source", accountId: SRC, buckets: [SOURCE_BUCKET], keyArns: [keys["alias/lockbridge-source"]!] },
      withoutReplication,
    );
    const dstRole = await accessRole(DST, {
      ...common,
      part: "vault",
      accountId: DST,
      buckets: [VAULT],
      keyArns: [keys["alias/lockbridge-vault"]!],
    });
    const input = sandboxInput(box.seeded, {
      accounts: {
        source: { accountId: SRC, region: "eu-west-1", bucket: SOURCE_BUCKET, access: "role", roleArn: srcRole },
        destination: { accountId: DST, region: "eu-west-1", bucket: VAULT, access: "role", roleArn: dstRole },
      },
    });
    const { plan, preflight } = await liveReview(input);
    expect(plan.errors).toEqual([]);
    const denied = preflight.diagnostics.find((d) => d.id === "own-permissions.denied.source");
    expect(denied?.severity).toBe("error");
    expect(denied?.message).toContain("PutBucketReplication (s3:PutReplicationConfiguration)");
    expect(denied?.message).not.toContain("PassRole");
    const statement = JSON.parse(denied!.fix.slice(denied!.fix.indexOf("{")));
    expect(statement).toEqual({ Effect: "Allow", Action: "s3:PutReplicationConfiguration", Resource: `arn:aws:s3:::${SOURCE_BUCKET}` });
    expect(preflight.blocking).toBe(true);
    expect(preflight.diagnostics.find((d) => d.id === "own-permissions.allowed.destination")).toBeDefined();
    expect(preflight.diagnostics.some((d) => d.id === "own-permissions.denied.destination")).toBe(false);
  });
});
