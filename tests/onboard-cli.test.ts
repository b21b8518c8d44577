// The generated AWS CLI bootstrap, run with the real AWS CLI against the emulator in a new account
// (333333333333 of testing/seeds/onboard.json), creates an access role that Connect and Check then use.
// The CLI comes from the project venv (.venv/bin/aws); without it this test says so loudly and skips.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { GetRoleCommand, GetRolePolicyCommand } from "@aws-sdk/client-iam";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { describe, expect, it } from "vitest";
import { connectAccounts } from "@/lib/aws/connect";
import { checkAccessRole } from "@/lib/aws/onboard-check";
import { serverIdentity } from "@/lib/aws/onboard";
import { accessRolePolicy, cliScript, type AccessRoleSpec } from "@/lib/plan/onboard";
import { onboardCheck } from "@/lib/schema/onboard";
import { sandboxCredentials } from "@/testing/emulator";
import { useEmulator } from "./apply-support";

const NEW = "333333333333";
const BUCKETS = ["lockbridge-demo-payroll", "lockbridge-demo-ledger"];
const AWS_CLI = [path.resolve(".venv/bin/aws"), process.env.LOCKBRIDGE_AWS_CLI ?? ""].find((p) => p && existsSync(p));
if (!AWS_CLI)
  console.warn("\n*** SKIPPED onboard-cli.test.ts: the real AWS CLI is not installed (.venv/bin/aws); run scripts/emulator/setup.sh ***\n");

const box = useEmulator("testing/seeds/onboard.json");

/** Credentials acting in `account` (moto: an AssumeRole into any role name acts there). */
async function accountCredentials(account: string) {
  const sts = new STSClient({ region: "eu-west-1", endpoint: box.endpoint, credentials: sandboxCredentials });
  const out = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/Bootstrapper`, RoleSessionName: "bootstrap" }));
  sts.destroy();
  return out.Credentials!;
}

describe.skipIf(!AWS_CLI)("CLI bootstrap with the real AWS CLI", () => {
  it("creates the access role; Connect reaches the account through it and Check finds nothing missing", async () => {
    const server = await serverIdentity();
    expect(server.account).toBe("123456789012");
    const spec: AccessRoleSpec = {
      part: "source",
      accountId: NEW,
      region: "eu-west-1",
      buckets: BUCKETS,
      keyArns: [],
      replicationRolePath: "/service-role/",
      accessRoleName: "LockbridgeAccess",
      trustedPrincipalArn: server.arn,
      externalId: "lb-cli-test-5d1c3c0e9b7a4f62a1e8",
    };
    const dir = mkdtempSync(path.join(tmpdir(), "lockbridge-onboard-cli-"));
    const script = path.join(dir, "bootstrap.sh");
    writeFileSync(script, cliScript(spec), { mode: 0o700 });
    const creds = await accountCredentials(NEW);
    // Own HOME: the CLI caches credentials there, and a stale cache maps to moto's default account.
    const env = {
      NODE_ENV: "test",
      PATH: `${path.dirname(AWS_CLI!)}:${process.env.PATH}`,
      HOME: dir,
      AWS_ENDPOINT_URL: box.endpoint,
      AWS_DEFAULT_REGION: "eu-west-1",
      AWS_ACCESS_KEY_ID: creds.AccessKeyId!,
      AWS_SECRET_ACCESS_KEY: creds.SecretAccessKey!,
      AWS_SESSION_TOKEN: creds.SessionToken!,
    } as const;
    const r = spawnSync("bash", [script], { encoding: "utf8", env });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(`arn:aws:iam::${NEW}:role/LockbridgeAccess`);

    const admin = await box.admin(NEW);
    const role = await admin.iam.send(new GetRoleCommand({ RoleName: "LockbridgeAccess" }));
    const trust = JSON.parse(decodeURIComponent(role.Role!.AssumeRolePolicyDocument!));
    expect(trust.Statement[0].Condition.StringEquals["sts:ExternalId"]).toBe(spec.externalId);
    const inline = await admin.iam.send(new GetRolePolicyCommand({ RoleName: "LockbridgeAccess", PolicyName: "lockbridge-access" }));
    expect(JSON.parse(decodeURIComponent(inline.PolicyDocument!))).toEqual(accessRolePolicy(spec));

    // A second run is idempotent (trust updated, policy put again).
    expect(spawnSync("bash", [script], { encoding: "utf8", env }).status).toBe(0);

    const roleArn = `arn:aws:iam::${NEW}:role/LockbridgeAccess`;
    const side = {
      accountId: NEW,
      region: "eu-west-1",
      bucket: BUCKETS[0]!,
      access: "role" as const,
      roleArn,
      externalId: spec.externalId,
    };
    const connection = await connectAccounts({ source: side, destination: { ...side, bucket: BUCKETS[1]! } });
    expect(connection.source).toMatchObject({ state: "connected", identity: { account: NEW } });
    expect(connection.ok).toBe(true);

    const check = await checkAccessRole(
      onboardCheck.parse({
        part: "source",
        accountId: NEW,
        region: "eu-west-1",
        buckets: BUCKETS.join("\n"),
        roleArn,
        externalId: spec.externalId,
      }),
    );
    expect(check.items.filter((i) => !i.ok)).toEqual([]);
    expect(check.ok).toBe(true);
    expect(check.identity?.account).toBe(NEW);
  });
});
