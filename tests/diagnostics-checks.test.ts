// Each preflight check fires on a crafted observed state and stays silent on a clean one.
import { describe, expect, it } from "vitest";
import { defaultWizardInput, wizardInput, type WizardDefaultsPartial, type WizardInput } from "@/lib/schema/wizard";
import { buildPlan } from "@/lib/plan/build";
import { applyToObserved, freshObserved } from "@/testing/plan-fixtures";
import { emptyObserved, type ObservedState } from "@/lib/plan/observed";
import { diagnose, iamSimulateEvaluator, preflightWith, type Diagnostic } from "@/lib/plan/diagnostics";

const SRC_KEY = "arn:aws:kms:eu-west-1:111122223333:key/11111111-2222-3333-4444-555555555555";
const DST_KEY = "arn:aws:kms:eu-central-1:444455556666:key/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
const ROLE = "arn:aws:iam::111122223333:role/service-role/lockbridge-app-logs-to-central-vault";
const KMS: WizardDefaultsPartial = {
  encryption: { mode: "sse-kms", sourceKeyArn: SRC_KEY, destinationKeyArn: DST_KEY, bucketKeys: false },
};

function inputOf(partial: WizardDefaultsPartial = {}): WizardInput {
  const base = defaultWizardInput({
    accounts: {
      source: { accountId: "111122223333", region: "eu-west-1", bucket: "app-logs", access: "plan-only" },
      destination: { accountId: "444455556666", region: "eu-central-1", bucket: "central-vault", access: "plan-only" },
    },
    ...partial,
  });
  return wizardInput.parse(base);
}

/** A clean state: both buckets versioned, nothing else wrong. `edit` crafts the misconfiguration. */
function clean(input: WizardInput, edit: (o: ObservedState) => void = () => {}): ObservedState {
  const o = freshObserved(input);
  for (const side of ["source", "destination"] as const)
    if (o[side].status === "found") o[side].value.versioning = { status: "found", value: "Enabled" };
  edit(o);
  return o;
}

const bucket = (o: ObservedState, side: "source" | "destination") => {
  if (o[side].status !== "found") throw new Error("bucket not found");
  return o[side].value;
};

function run(input: WizardInput, observed: ObservedState): Diagnostic[] {
  return diagnose(input, observed, buildPlan(input, observed));
}
const ids = (ds: Diagnostic[]) => ds.map((d) => d.id);

type Check = {
  id: string;
  severity: Diagnostic["severity"];
  input?: WizardDefaultsPartial;
  edit: (o: ObservedState, input: WizardInput) => void;
  evidence?: string;
  mutateInput?: (i: WizardInput) => WizardInput;
  inputDriven?: boolean;
};

const CHECKS: Check[] = [
  {
    id: "source.versioning.off",
    severity: "info",
    edit: (o) => (bucket(o, "source").versioning = { status: "found", value: "Off" }),
    evidence: "GetBucketVersioning app-logs → Off",
  },
  {
    id: "source.versioning.suspended",
    severity: "warning",
    edit: (o) => (bucket(o, "source").versioning = { status: "found", value: "Suspended" }),
  },
  {
    id: "destination.versioning.off",
    severity: "info",
    edit: (o) => (bucket(o, "destination").versioning = { status: "found", value: "Off" }),
  },
  {
    id: "destination.versioning.suspended",
    severity: "warning",
    edit: (o) => (bucket(o, "destination").versioning = { status: "found", value: "Suspended" }),
    evidence: "GetBucketVersioning central-vault → Suspended",
  },
  {
    id: "destination.versioning.suspended-locked",
    severity: "warning",
    edit: (o) => {
      bucket(o, "destination").versioning = { status: "found", value: "Suspended" };
      bucket(o, "destination").objectLock = { status: "found", value: { ObjectLockEnabled: "Enabled" } };
    },
  },
  {
    id: "objectLock.source-only",
    severity: "info",
    edit: (o) => (bucket(o, "source").objectLock = { status: "found", value: { ObjectLockEnabled: "Enabled" } }),
    evidence: "GetObjectLockConfiguration central-vault → ObjectLockConfigurationNotFoundError",
  },
  {
    id: "destination.requester-pays",
    severity: "error",
    edit: (o) => (bucket(o, "destination").requestPayment = { status: "found", value: "Requester" }),
    evidence: "GetBucketRequestPayment central-vault → Payer Requester",
  },
  {
    id: "destination.ownership",
    severity: "warning",
    input: { rule: { ownerOverride: false } },
    edit: (o) => (bucket(o, "destination").ownership = { status: "found", value: "ObjectWriter" }),
  },
  { id: "source.sse-kms-objects", severity: "warning", edit: (o) => (bucket(o, "source").sseKmsObjectsPresent = true) },
  {
    id: "destination-key.disabled",
    severity: "error",
    input: KMS,
    edit: (o) => o.destinationKey?.status === "found" && (o.destinationKey.value.keyState = "Disabled"),
  },
  {
    id: "source-key.pending-deletion",
    severity: "error",
    input: KMS,
    edit: (o) => o.sourceKey?.status === "found" && (o.sourceKey.value.keyState = "PendingDeletion"),
  },
  {
    id: "destination-key.region",
    severity: "error",
    input: KMS,
    edit: (o) => o.destinationKey?.status === "found" && (o.destinationKey.value.region = "us-east-1"),
  },
  {
    id: "destination-key.asymmetric",
    severity: "error",
    input: KMS,
    edit: (o) =>
      o.destinationKey?.status === "found" && Object.assign(o.destinationKey.value, { keySpec: "RSA_2048", keyUsage: "ENCRYPT_DECRYPT" }),
  },
  {
    id: "destination-key.aws-managed",
    severity: "error",
    input: KMS,
    edit: (o) => o.destinationKey?.status === "found" && (o.destinationKey.value.keyManager = "AWS"),
    evidence: "KeyManager AWS",
  },
  { id: "destination-key.missing", severity: "error", input: KMS, edit: (o) => (o.destinationKey = { status: "absent" }) },
  {
    id: "destination-key.alias",
    severity: "error",
    input: KMS,
    edit: () => {},
    // The schema refuses aliases; the check still guards inputs that bypass it (e.g. an imported plan).
    mutateInput: (i) =>
      i.encryption.mode === "sse-kms"
        ? { ...i, encryption: { ...i.encryption, destinationKeyArn: "arn:aws:kms:eu-central-1:444455556666:alias/vault" } }
        : i,
  },
  {
    id: "role.permissions-boundary",
    severity: "warning",
    edit: (o) =>
      (o.role = {
        status: "found",
        value: {
          arn: ROLE,
          roleName: "lockbridge-app-logs-to-central-vault",
          path: "/service-role/",
          trust: {},
          inlinePolicies: {},
          attachedPolicies: [],
          permissionsBoundary: "arn:aws:iam::111122223333:policy/Boundary",
        },
      }),
  },
  {
    id: "rule.same-id",
    severity: "error",
    edit: (o, input) =>
      (bucket(o, "source").replication = {
        status: "found",
        value: {
          Role: ROLE,
          Rules: [{ ID: input.rule.ruleId, Priority: 5, Status: "Enabled", Filter: {}, Destination: { Bucket: "arn:aws:s3:::elsewhere" } }],
        },
      }),
  },
  {
    id: "rule.same-priority",
    severity: "error",
    edit: (o) =>
      (bucket(o, "source").replication = {
        status: "found",
        value: {
          Role: ROLE,
          Rules: [{ ID: "other", Priority: 0, Status: "Enabled", Filter: {}, Destination: { Bucket: "arn:aws:s3:::elsewhere" } }],
        },
      }),
  },
  {
    id: "rule.other-role",
    severity: "error",
    edit: (o) =>
      (bucket(o, "source").replication = {
        status: "found",
        value: {
          Role: "arn:aws:iam::111122223333:role/legacy",
          Rules: [{ ID: "other", Priority: 3, Status: "Enabled", Filter: {}, Destination: { Bucket: "arn:aws:s3:::elsewhere" } }],
        },
      }),
  },
  {
    id: "rule.storage-class.glacier",
    severity: "warning",
    input: { rule: { storageClass: "DEEP_ARCHIVE" } },
    edit: () => {},
    inputDriven: true,
  },
  {
    id: "size.bucket-policy",
    severity: "error",
    edit: (o) =>
      (bucket(o, "destination").policy = {
        status: "found",
        value: {
          Version: "2012-10-17",
          Statement: Array.from({ length: 120 }, (_, i) => ({
            Sid: `Reader${i}`,
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${String(100000000000 + i)}:role/some-long-reader-role-name-${i}` },
            Action: ["s3:GetObject", "s3:GetObjectVersion"],
            Resource: "arn:aws:s3:::central-vault/*",
          })),
        },
      }),
  },
  {
    id: "size.role-inline",
    severity: "error",
    edit: (o) =>
      (o.role = {
        status: "found",
        value: {
          arn: ROLE,
          roleName: "lockbridge-app-logs-to-central-vault",
          path: "/service-role/",
          trust: {},
          attachedPolicies: [],
          permissionsBoundary: null,
          inlinePolicies: {
            big: {
              Version: "2012-10-17",
              Statement: Array.from({ length: 90 }, (_, i) => ({
                Sid: `S${i}`,
                Effect: "Allow",
                Action: "sqs:SendMessage",
                Resource: `arn:aws:sqs:eu-west-1:111122223333:queue-number-${i}`,
              })),
            },
          },
        },
      }),
  },
  {
    id: "read.destination.requestPayment",
    severity: "warning",
    edit: (o) =>
      (bucket(o, "destination").requestPayment = {
        status: "error",
        code: "AccessDenied",
        message: "Access Denied",
        missingPermission: "s3:GetBucketRequestPayment",
      }),
    evidence: "AccessDenied",
  },
  { id: "destination.missing", severity: "error", edit: (o) => (o.destination = { status: "absent" }) },
];

describe("diagnostics: each preflight check", () => {
  for (const c of CHECKS) {
    it(`${c.id} fires on a crafted state and not on a clean one`, () => {
      const parsed = inputOf(c.input);
      const input = c.mutateInput ? c.mutateInput(parsed) : parsed;
      const bad = run(
        input,
        clean(parsed, (o) => c.edit(o, parsed)),
      );
      const hit = bad.find((d) => d.id === c.id);
      expect(hit, JSON.stringify(ids(bad))).toBeDefined();
      expect(hit!.severity).toBe(c.severity);
      expect(hit!.message.length).toBeGreaterThan(20);
      expect(hit!.fix.length).toBeGreaterThan(5);
      expect(hit!.evidence.length).toBeGreaterThan(0);
      if (c.evidence) expect(hit!.evidence.join("\n")).toContain(c.evidence);
      const cleanInput = c.inputDriven ? inputOf() : parsed;
      expect(ids(run(cleanInput, clean(cleanInput)))).not.toContain(c.id);
    });
  }

  it("a clean state has only the Organizations info item", () => {
    const input = inputOf(KMS);
    expect(run(input, clean(input)).map((d) => [d.id, d.severity])).toEqual([["org.scp-rcp", "info"]]);
  });

  it("plan-only says which checks did not run", () => {
    const input = inputOf();
    const found = ids(run(input, emptyObserved(input)));
    expect(found).toEqual(expect.arrayContaining(["source.not-read", "destination.not-read", "org.scp-rcp"]));
  });

  it("orders errors, then warnings, then info", () => {
    const input = inputOf({ rule: { ownerOverride: false } });
    const ds = run(
      input,
      clean(input, (o) => {
        bucket(o, "destination").requestPayment = { status: "found", value: "Requester" };
        bucket(o, "destination").ownership = { status: "found", value: "ObjectWriter" };
        bucket(o, "source").versioning = { status: "found", value: "Off" };
      }),
    );
    const rank = { error: 0, warning: 1, info: 2 };
    expect(ds.map((d) => rank[d.severity])).toEqual([...ds.map((d) => rank[d.severity])].sort());
  });
});

describe("diagnostics from the simulation (explicit Deny in either bucket policy or the key policy)", () => {
  const denyIn = (action: string, resource: string) => ({
    Version: "2012-10-17",
    Statement: [{ Sid: "Guardrail", Effect: "Deny", Principal: "*", Action: action, Resource: resource }],
  });
  const cases: { name: string; id: string; edit: (o: ObservedState) => void }[] = [
    {
      name: "source bucket policy",
      id: "simulation.explicit-deny.source-bucket-policy",
      edit: (o) =>
        (bucket(o, "source").policy = { status: "found", value: denyIn("s3:GetObjectVersionForReplication", "arn:aws:s3:::app-logs/*") }),
    },
    {
      name: "destination bucket policy",
      id: "simulation.explicit-deny.destination-bucket-policy",
      edit: (o) =>
        (bucket(o, "destination").policy = { status: "found", value: denyIn("s3:ReplicateTags", "arn:aws:s3:::central-vault/*") }),
    },
    {
      name: "destination key policy",
      id: "simulation.explicit-deny.destination-key-policy",
      edit: (o) => {
        if (o.destinationKey?.status !== "found" || o.destinationKey.value.policy.status !== "found") throw new Error("key");
        const p = o.destinationKey.value.policy.value;
        o.destinationKey.value.policy.value = {
          ...p,
          Statement: [
            ...(p.Statement as object[]),
            { Sid: "Guardrail", Effect: "Deny", Principal: "*", Action: "kms:GenerateDataKey", Resource: "*" },
          ],
        } as typeof p;
      },
    },
  ];
  for (const c of cases) {
    it(`${c.name}: blocks apply and quotes the statement; clean state does not`, async () => {
      const input = inputOf(KMS);
      const badObserved = clean(input, c.edit);
      const bad = await preflightWith(iamSimulateEvaluator, buildPlan(input, badObserved), badObserved);
      const hit = bad.diagnostics.find((d) => d.id === c.id);
      expect(hit, JSON.stringify(ids(bad.diagnostics))).toBeDefined();
      expect(hit!.severity).toBe("error");
      expect(hit!.evidence[0]).toContain('"Sid":"Guardrail"');
      expect(bad.blocking).toBe(true);
      const good = clean(input);
      const ok = await preflightWith(iamSimulateEvaluator, buildPlan(input, good), good);
      expect(ids(ok.diagnostics).filter((id) => id.startsWith("simulation."))).toEqual([]);
      expect(ok.blocking).toBe(false);
      expect(ok.simulation.after.allowed).toBe(ok.simulation.after.total);
    });
  }

  it("a plan built from a fresh state goes from some denied before to all allowed after", async () => {
    const input = inputOf(KMS);
    const observed = freshObserved(input);
    const plan = buildPlan(input, observed);
    const { simulation } = await preflightWith(iamSimulateEvaluator, plan, observed);
    expect(simulation.before.allowed).toBeLessThan(simulation.before.total);
    expect(simulation.after.allowed).toBe(simulation.after.total);
    // And the simulation agrees with what AWS would store after apply.
    const applied = applyToObserved(plan, observed);
    const again = await preflightWith(iamSimulateEvaluator, buildPlan(input, applied), applied);
    expect(again.simulation.before.allowed).toBe(again.simulation.before.total);
  });
});
