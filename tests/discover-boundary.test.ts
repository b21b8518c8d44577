// Discovery reads a role's permissions boundary document (the simulation needs it to see a cap).
import { CreatePolicyCommand, CreateRoleCommand } from "@aws-sdk/client-iam";
import { describe, expect, it } from "vitest";
import { readRole } from "@/lib/aws/discover";
import { clientsFor } from "@/testing/emulator";

const trust = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "sts:AssumeRole" }],
};
const boundaryDoc = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:Get*", "s3:List*"], Resource: "*" }] };

describe("readRole", () => {
  it("returns the permissions boundary ARN and its default version's document", async () => {
    const { iam } = await clientsFor("111111111111");
    const { Policy } = await iam.send(
      new CreatePolicyCommand({ PolicyName: "discover-boundary-cap", PolicyDocument: JSON.stringify(boundaryDoc) }),
    );
    await iam.send(
      new CreateRoleCommand({
        RoleName: "discover-boundary-role",
        AssumeRolePolicyDocument: JSON.stringify(trust),
        PermissionsBoundary: Policy?.Arn,
      }),
    );
    const read = await readRole(iam, "discover-boundary-role");
    expect(read.status).toBe("found");
    if (read.status !== "found") return;
    expect(read.value.permissionsBoundary).toBe(Policy?.Arn);
    expect(read.value.permissionsBoundaryDocument).toEqual(boundaryDoc);
  });

  it("has no boundary document when the role has no boundary", async () => {
    const { iam } = await clientsFor("111111111111");
    await iam.send(new CreateRoleCommand({ RoleName: "discover-no-boundary-role", AssumeRolePolicyDocument: JSON.stringify(trust) }));
    const read = await readRole(iam, "discover-no-boundary-role");
    expect(read.status === "found" && read.value.permissionsBoundaryDocument).toBeUndefined();
  });
});
