// The merge program inside the CLI export, run with python3 on the specs a real export writes (parsed
// out of the generated script) and live documents as AWS returns them. Table of the ownership rules:
// only our Sid in our exact shape is ours; anything else using our Sid stops, naming the document and
// the Sid; foreign statements, rules and principals are kept; orphaned principals are dropped with a
// warning; a replication configuration with another role stops; Object Lock is enabled only when off,
// "keep retention" keeps the live rule, and a weaker retention than the live one stops.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildPlan, emptyObserved, exportCliScript } from "@/lib/plan";
import { TEST_ACCOUNTS, TEST_KMS } from "@/testing/plan-fixtures";
import { defaultWizardInput, wizardInput, type WizardDefaultsPartial } from "@/lib/schema/wizard";

const work = mkdtempSync(path.join(tmpdir(), "lockbridge-merge-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The heredoc files a generated script writes into $WORKDIR, by name. */
function heredocs(script: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = script.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = /^cat > "\$WORKDIR\/([\w.-]+)" <<'(\w+)'$/.exec(lines[i]!);
    if (!m) continue;
    const end = lines.indexOf(m[2]!, i + 1);
    out.set(m[1]!, lines.slice(i + 1, end).join("\n"));
    i = end;
  }
  return out;
}

function files(partial: WizardDefaultsPartial = {}) {
  const input = wizardInput.parse(defaultWizardInput({ accounts: TEST_ACCOUNTS, encryption: TEST_KMS, ...partial }));
  const plan = buildPlan(input, emptyObserved(input));
  const dir = mkdtempSync(path.join(work, "case-"));
  for (const [name, body] of heredocs(exportCliScript(plan))) writeFileSync(path.join(dir, name), body);
  return { dir, plan };
}

const base = files();
const ROLE = base.plan.names.roleArn;
const OTHER = "arn:aws:iam::999988887777:role/service-role/other-source";
const VAULT_ARN = "arn:aws:s3:::central-vault";

function merge(op: string, name: string, live: unknown, dir = base.dir) {
  writeFileSync(path.join(dir, `${name}.live.json`), JSON.stringify(live));
  const r = spawnSync(
    "python3",
    [
      path.join(dir, "merge.py"),
      op,
      path.join(dir, `${name}.spec.json`),
      path.join(dir, `${name}.live.json`),
      path.join(dir, `${name}.json`),
      ROLE,
    ],
    { encoding: "utf8" },
  );
  const result =
    r.status === 0
      ? (JSON.parse(readFileSync(path.join(dir, `${name}.json`), "utf8")) as {
          Statement?: unknown[];
          Rules?: unknown[];
          Role?: string;
          Rule?: unknown;
        })
      : undefined;
  return { status: r.status, state: r.stdout.trim(), stderr: r.stderr, result };
}

const ours = (principal: unknown, extra: Record<string, unknown> = {}) => ({
  Sid: "LockbridgeReplication",
  Effect: "Allow",
  Principal: { AWS: principal },
  Action: ["s3:GetBucketVersioning", "s3:PutBucketVersioning", "s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
  Resource: [VAULT_ARN, `${VAULT_ARN}/*`],
  ...extra,
});
const deny = {
  Sid: "DenyInsecureTransport",
  Effect: "Deny",
  Principal: "*",
  Action: "s3:*",
  Resource: [VAULT_ARN, `${VAULT_ARN}/*`],
  Condition: { Bool: { "aws:SecureTransport": "false" } },
};
const policy = (...st: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement: st });

describe("bucket policy (consolidated): only our exact statements are ours", () => {
  const collisions: [string, unknown][] = [
    ["a Deny with our Sid", { ...ours(OTHER), Effect: "Deny" }],
    ['"AWS": "*" with our Sid', ours("*")],
    ["a Condition added by hand", ours(OTHER, { Condition: { StringEquals: { "aws:SourceAccount": "1" } } })],
    ["a NotPrincipal", { ...ours(OTHER), Principal: undefined, NotPrincipal: { AWS: OTHER } }],
    ["a Service principal", { ...ours(OTHER), Principal: { Service: "s3.amazonaws.com" } }],
  ];
  for (const [name, st] of collisions) {
    it(`${name}: stops, naming the document and the Sid`, () => {
      const r = merge("consolidated", "bucket-policy", policy(deny, st));
      expect(r.status).toBe(3);
      expect(r.stderr).toContain("STOP (bucket policy of central-vault)");
      expect(r.stderr).toContain('"LockbridgeReplication"');
    });
  }

  it("keeps foreign statements and another source's principal, drops an orphaned principal with a warning", () => {
    const r = merge("consolidated", "bucket-policy", policy(deny, ours([OTHER, "AROAEXAMPLEDELETED1"])));
    expect(r.status, r.stderr).toBe(0);
    expect(r.state).toBe("changed");
    expect(r.stderr).toContain("dropped orphaned principal AROAEXAMPLEDELETED1");
    expect(r.result!.Statement![0]).toEqual(deny);
    // The other source's principal stays where it was; ours goes into the owner-override statement (the default).
    expect(r.result!.Statement!.slice(1)).toEqual([
      expect.objectContaining({ Sid: "LockbridgeReplication", Principal: { AWS: OTHER } }),
      expect.objectContaining({ Sid: "LockbridgeReplicationOwnerOverride", Principal: { AWS: ROLE } }),
    ]);
  });

  it("is unchanged when our statement already holds our role", () => {
    const live = policy(deny, ours(ROLE));
    const first = merge("consolidated", "bucket-policy", live);
    const again = merge("consolidated", "bucket-policy", JSON.stringify(first.result));
    expect(again.state).toBe("unchanged");
  });

  it("a missing bucket policy becomes ours alone", () => {
    const r = merge("consolidated", "bucket-policy", null);
    expect(r.result!.Statement).toEqual([expect.objectContaining({ Sid: "LockbridgeReplicationOwnerOverride", Principal: { AWS: ROLE } })]);
  });
});

describe("key policy", () => {
  it("keeps the key administrators statement and appends ours", () => {
    const admin = {
      Sid: "AllowKeyAdministration",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::444455556666:role/KeyAdmin" },
      Action: ["kms:Put*"],
      Resource: "*",
      Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } },
    };
    const root = {
      Sid: "Enable IAM User Permissions",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::444455556666:root" },
      Action: "kms:*",
      Resource: "*",
    };
    const r = merge("consolidated", "key-policy", JSON.stringify({ Version: "2012-10-17", Id: "key-default-1", Statement: [root, admin] }));
    expect(r.status, r.stderr).toBe(0);
    expect(r.result!.Statement!.slice(0, 2), JSON.stringify(r.result)).toEqual([root, admin]);
    expect(r.result!.Statement![2]).toMatchObject({ Sid: "LockbridgeReplicaEncryptionBucketKeys", Principal: { AWS: ROLE } });
  });
});

describe("replication configuration", () => {
  const foreign = (id: string, priority: number, bucket = "arn:aws:s3:::archive") => ({
    ID: id,
    Priority: priority,
    Status: "Enabled",
    Filter: { Prefix: `${id}/` },
    DeleteMarkerReplication: { Status: "Disabled" },
    Destination: { Bucket: bucket },
  });
  it("keeps foreign rules unchanged and in order, appends ours", () => {
    const r = merge("replication", "replication", { Role: ROLE, Rules: [foreign("a", 5), foreign("b", 6)] });
    expect(r.status, r.stderr).toBe(0);
    expect(r.result!.Rules!.slice(0, 2)).toEqual([foreign("a", 5), foreign("b", 6)]);
    expect(r.result!.Rules![2]).toMatchObject({ ID: base.plan.names.ruleId, Destination: { Bucket: VAULT_ARN } });
  });
  it("another role on the configuration stops, naming it", () => {
    const r = merge("replication", "replication", { Role: OTHER, Rules: [foreign("a", 5)] });
    expect(r.status).toBe(3);
    expect(r.stderr).toContain("STOP (replication configuration of bucket app-logs)");
    expect(r.stderr).toContain(OTHER);
  });
  it("a foreign rule with our ID (to another bucket) or our priority stops", () => {
    expect(merge("replication", "replication", { Role: ROLE, Rules: [foreign(base.plan.names.ruleId, 5)] }).stderr).toContain(
      "is already used by another rule",
    );
    expect(merge("replication", "replication", { Role: ROLE, Rules: [foreign("a", 0)] }).stderr).toContain("priority 0 is already used");
  });
  it("a typed rule ID naming someone's rule to the same vault stops; our exact rule under it is unchanged", () => {
    const typed = files({ rule: { ruleId: "backup", priority: 7 } } as WizardDefaultsPartial);
    const theirs = { ...foreign("backup", 1, VAULT_ARN), Destination: { Bucket: VAULT_ARN, StorageClass: "GLACIER" } };
    const r = merge("replication", "replication", { Role: ROLE, Rules: [theirs] }, typed.dir);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('a rule with ID "backup" already replicates to');
    const ours = (typed.plan.changes.find((c) => c.id === "source.replication")!.after as { Rules: unknown[] }).Rules[0];
    expect(merge("replication", "replication", { Role: ROLE, Rules: [ours] }, typed.dir).state).toBe("unchanged");
  });
});

describe("Object Lock", () => {
  const keep = files({ objectLock: { retention: { enabled: false } } } as WizardDefaultsPartial);
  const live = { ObjectLockEnabled: "Enabled", Rule: { DefaultRetention: { Mode: "COMPLIANCE", Years: 7 } } };
  it('"keep retention" over a live rule: nothing is sent', () => {
    expect(merge("objectlock", "object-lock", live, keep.dir).state).toBe("unchanged");
  });
  it('"keep retention" with Object Lock off: enabled, without a rule', () => {
    expect(merge("objectlock", "object-lock", null, keep.dir).result).toEqual({ ObjectLockEnabled: "Enabled" });
  });
  it("a weaker retention than the live one stops", () => {
    const weaker = files({
      objectLock: { retention: { enabled: true, mode: "GOVERNANCE", unit: "Days", value: 1 } },
    } as WizardDefaultsPartial);
    const r = merge("objectlock", "object-lock", live, weaker.dir);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain("stronger than the planned one");
  });
});

it("a live document that is not a JSON object stops instead of being replaced", () => {
  const r = merge("consolidated", "key-policy", JSON.stringify(JSON.stringify({ Statement: [] })));
  expect(r.status).toBe(3);
  expect(r.stderr).toContain("STOP (key policy of");
});

describe("trust and inline role policies", () => {
  it("a role that already trusts s3.amazonaws.com keeps its trust policy", () => {
    const trust = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "sts:AssumeRole" }],
    };
    expect(merge("owned", "trust", trust).state).toBe("unchanged");
  });
  it("our trust Sid with a Condition stops", () => {
    const trust = {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "LockbridgeS3Assume",
          Effect: "Allow",
          Principal: { Service: "ec2.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { Bool: { x: "y" } },
        },
      ],
    };
    expect(merge("owned", "trust", trust).stderr).toContain("STOP (trust policy of role");
  });
  it("our inline policy keeps a foreign statement and refuses our Sid with a Principal", () => {
    const foreignSt = { Sid: "Extra", Effect: "Allow", Action: "s3:GetObject", Resource: "*" };
    const kept = merge("owned", "role-policy", { Version: "2012-10-17", Statement: [foreignSt] });
    expect(kept.result!.Statement![0]).toEqual(foreignSt);
    const bad = merge("owned", "role-policy", {
      Version: "2012-10-17",
      Statement: [{ Sid: "LockbridgeSourceBucket", Effect: "Allow", Principal: "*", Action: "s3:*", Resource: "*" }],
    });
    expect(bad.status).toBe(3);
  });
  it("our inline policy Sid with a Condition added by hand stops (TS calls it a look-alike too)", () => {
    const bad = merge("owned", "role-policy", {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "LockbridgeSourceBucket",
          Effect: "Allow",
          Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
          Resource: "arn:aws:s3:::app-logs",
          Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } },
        },
      ],
    });
    expect(bad.status).toBe(3);
    expect(bad.stderr).toContain("a Condition");
  });
  it("our trust Sid naming another principal than s3.amazonaws.com stops", () => {
    for (const principal of [{ AWS: "arn:aws:iam::999999999999:role/ci-deployer" }, { Service: "ec2.amazonaws.com" }]) {
      const r = merge("owned", "trust", {
        Version: "2012-10-17",
        Statement: [{ Sid: "LockbridgeS3Assume", Effect: "Allow", Principal: principal, Action: "sts:AssumeRole" }],
      });
      expect(r.status, JSON.stringify(principal)).toBe(3);
    }
  });
});
