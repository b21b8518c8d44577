// The Review page's export downloads come from a server action: it validates the input with the wizard
// schema, reads the live state itself and builds the plan, so a download never depends on whether the
// browser's read had finished; a plan with errors is refused with the reason.
import { describe, expect, it, vi } from "vitest";
import { exportPlanFile } from "../app/wizard/review/export-actions";

// The action resolves who is acting from the request, which only exists inside Next: this mock is a
// local user who has typed a name.
vi.mock("next/headers", async () => {
  const { LOCAL_USER_COOKIE } = await import("@/lib/people/resolve");
  return {
    cookies: async () => ({ get: (name: string) => (name === LOCAL_USER_COOKIE ? { value: "Olivia" } : undefined), set: () => undefined }),
    headers: async () => new Headers(),
  };
});
import { SANDBOX_ACCOUNTS } from "../app/wizard/accounts/_components/sandbox-values";
import { sandboxInput, SRC, useEmulator } from "./apply-support";

const box = useEmulator("testing/seeds/foreign-content.json");
const ROLE_ARN = `arn:aws:iam::${SRC}:role/service-role/lockbridge-demo-source-to-lockbridge-demo-vault`;

describe("exportPlanFile", () => {
  it("refuses input the wizard schema refuses, and unknown formats", async () => {
    expect(await exportPlanFile({ accounts: { source: { bucket: "x" } } }, "cli")).toMatchObject({
      ok: false,
      message: "Complete the steps first: the input is not valid yet.",
    });
    expect(await exportPlanFile(sandboxInput(box.seeded), "zip")).toMatchObject({
      ok: false,
      fieldErrors: { _form: "Unknown export format." },
    });
  });

  it("builds the script from the server's own, completed read (the reused role is read, never created)", async () => {
    const input = sandboxInput(box.seeded, { role: { mode: "reuse", role: ROLE_ARN } }, SANDBOX_ACCOUNTS);
    const r = await exportPlanFile(input, "cli");
    expect(r, "message" in r ? r.message : "").toMatchObject({ ok: true });
    if (!r.ok) return;
    expect(r.fileName).toBe("lockbridge-demo-source-to-lockbridge-demo-vault.sh");
    expect(r.text).toContain(`# Plan fingerprint: ${r.fingerprint}`);
    expect(r.text).not.toContain("could not read these when planning");
    expect(r.text).not.toContain("aws iam create-role");
    const tf = await exportPlanFile(input, "terraform");
    expect(tf.ok && tf.text).toContain("aws_s3_bucket_replication_configuration");
  });

  it("refuses a plan with errors and says why", async () => {
    // A new role cannot join the configuration that already uses the seeded role: a plan error.
    const input = sandboxInput(
      box.seeded,
      { role: { mode: "create", roleName: "lockbridge-fresh-role", path: "/service-role/" } },
      SANDBOX_ACCOUNTS,
    );
    for (const format of ["cli", "terraform", "json"]) {
      const r = await exportPlanFile(input, format);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.message).toMatch(/^Not exported: the plan has \d+ error\(s\) \(.*already uses role/);
    }
  });
});
