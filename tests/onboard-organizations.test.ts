// AWS Organizations on the onboarding page: outside an organization the server says why (and the page
// works from typed account IDs); from the management account it lists every account.
import { CreateAccountCommand, CreateOrganizationCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { describe, expect, it } from "vitest";
import { organizationAccounts } from "@/lib/aws/onboard";
import { sandboxCredentials } from "@/testing/emulator";
import { useEmulator } from "./apply-support";

const box = useEmulator();

describe("organization accounts", () => {
  it("says why when the server is not in an organization, then lists the accounts once it manages one", async () => {
    const before = await organizationAccounts();
    expect(before.available).toBe(false);
    if (!before.available) expect(before.why).toMatch(/AWSOrganizationsNotInUse/);

    const org = new OrganizationsClient({ region: "us-east-1", endpoint: box.endpoint, credentials: sandboxCredentials });
    await org.send(new CreateOrganizationCommand({ FeatureSet: "ALL" }));
    await org.send(new CreateAccountCommand({ AccountName: "payroll", Email: "payroll@example.com" }));
    org.destroy();

    const after = await organizationAccounts();
    expect(after.available).toBe(true);
    if (after.available) {
      expect(after.accounts.map((a) => a.name)).toContain("payroll");
      expect(after.accounts.map((a) => a.id)).toContain("123456789012");
    }
  });
});
