// The diag-* seed scenarios (testing/seeds) against the emulator: discover → plan → preflight finds the
// misconfiguration each one was made for, and the plain sandbox has no blocking diagnostic.
// The emulator does not authorize anything: the verdicts come from the simulation.
import { describe, expect, it } from "vitest";
import { discover } from "../lib/aws/discover";
import { buildPlan } from "../lib/plan/build";
import { preflight } from "../lib/plan/diagnostics";
import { sandboxInput, useEmulator } from "./apply-support";

const box = useEmulator();

async function preflightOf(scenario: string, kmsKey?: string) {
  const seeded = await box.reseed(scenario);
  const input = sandboxInput(
    seeded,
    kmsKey
      ? {
          encryption: {
            mode: "sse-kms",
            sourceKeyArn: seeded.keys["alias/lockbridge-source"]!,
            destinationKeyArn: seeded.keys[kmsKey]!,
            bucketKeys: true,
          },
        }
      : {},
  );
  const observed = await discover(input);
  return preflight(buildPlan(input, observed), observed);
}

const byId = (r: Awaited<ReturnType<typeof preflightOf>>, id: string) => r.diagnostics.find((d) => d.id === id);

describe("diag-* seed scenarios", () => {
  it("sandbox: nothing blocks; before apply nothing is allowed, after apply everything is", async () => {
    const r = await preflightOf("testing/seeds/sandbox.json");
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.blocking).toBe(false);
    expect(r.simulation.before.allowed).toBe(0);
    expect(r.simulation.after.allowed).toBe(r.simulation.after.total);
  });

  it("diag-versioning-suspended: destination versioning Suspended is a warning with GetBucketVersioning evidence", async () => {
    const r = await preflightOf("testing/seeds/diag-versioning-suspended.json");
    const d = byId(r, "destination.versioning.suspended");
    expect(d?.severity).toBe("warning");
    expect(d?.evidence).toContain("GetBucketVersioning lockbridge-demo-vault → Suspended");
  });

  it("diag-requester-pays: a Requester Pays destination blocks apply", async () => {
    const r = await preflightOf("testing/seeds/diag-requester-pays.json");
    expect(byId(r, "destination.requester-pays")?.severity).toBe("error");
    expect(r.blocking).toBe(true);
  });

  it("diag-deny-replicate: the foreign Deny is explicit before and after apply, and quoted", async () => {
    const r = await preflightOf("testing/seeds/diag-deny-replicate.json");
    const d = byId(r, "simulation.explicit-deny.destination-bucket-policy");
    expect(d?.severity).toBe("error");
    expect(d?.evidence[0]).toContain('"Sid":"OnlyVaultWriterReplicates"');
    const after = r.simulation.after.results.find((x) => x.action === "s3:ReplicateObject");
    expect(after?.decision).toBe("explicit-deny");
    expect(r.simulation.after.allowed).toBe(r.simulation.after.total - 1);
  });

  it("diag-aws-managed-key: the AWS managed aws/s3 key as replica key is refused", async () => {
    const r = await preflightOf("testing/seeds/diag-aws-managed-key.json", "alias/aws/s3");
    expect(byId(r, "destination-key.aws-managed")?.severity).toBe("error");
    expect(r.blocking).toBe(true);
  });
});
