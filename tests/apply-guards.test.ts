// Every write is guarded: right before UpdateAssumeRolePolicy and PutRolePolicy (like the bucket and key
// policies), the live document is read again, and the write is refused when content Lockbridge did not
// write would be lost. Here a reused role is changed by someone else between planning and writing.
import {
  CreateRoleCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  PutRolePolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from "@aws-sdk/client-iam";
import { describe, expect, it } from "vitest";
import { reviewPlan } from "../lib/apply/review";
import { ChangeError, executeChange } from "../lib/aws/execute";
import { instantBackoff } from "../lib/aws/retry";
import { SRC, sandboxInput, useEmulator } from "./apply-support";

const box = useEmulator();
const ROLE = "shared-replication";
const ec2Trust = {
  Version: "2012-10-17",
  Statement: [{ Sid: "Ec2", Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
};

async function reusedRolePlan() {
  await box.reseed();
  const src = await box.admin(SRC);
  await src.iam.send(new CreateRoleCommand({ RoleName: ROLE, AssumeRolePolicyDocument: JSON.stringify(ec2Trust) }));
  const plan = await reviewPlan(sandboxInput(box.seeded, { role: { mode: "reuse", role: ROLE } }));
  expect(plan.errors).toEqual([]);
  return { src, plan };
}

describe("guards before IAM writes", () => {
  it("UpdateAssumeRolePolicy re-reads the trust policy and refuses when a statement added since would be lost", async () => {
    const { src, plan } = await reusedRolePlan();
    const change = plan.changes.find((c) => c.action === "UpdateAssumeRolePolicy")!;
    expect(change.kind).toBe("update");
    const added = {
      ...ec2Trust,
      Statement: [
        ...ec2Trust.Statement,
        { Sid: "LambdaAddedLater", Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
      ],
    };
    await src.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: ROLE, PolicyDocument: JSON.stringify(added) }));

    const err = await executeChange(change, src, { backoff: instantBackoff }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChangeError);
    expect((err as ChangeError).code).toBe("ForeignContentWouldBeLost");
    expect((err as ChangeError).message).toMatch(/Statement LambdaAddedLater would be removed or altered/);
    const live = JSON.parse(
      decodeURIComponent((await src.iam.send(new GetRoleCommand({ RoleName: ROLE }))).Role!.AssumeRolePolicyDocument!),
    );
    expect(live).toEqual(added);
  });

  it("PutRolePolicy re-reads the inline policy and refuses when someone wrote a statement into it since", async () => {
    const { src, plan } = await reusedRolePlan();
    const change = plan.changes.find((c) => c.action === "PutRolePolicy")!;
    expect(change).toMatchObject({ kind: "create", before: null });
    const foreign = {
      Version: "2012-10-17",
      Statement: [{ Sid: "OpsAddedThis", Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "*" }],
    };
    await src.iam.send(
      new PutRolePolicyCommand({ RoleName: ROLE, PolicyName: plan.names.rolePolicyName, PolicyDocument: JSON.stringify(foreign) }),
    );

    const err = await executeChange(change, src, { backoff: instantBackoff }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChangeError);
    expect((err as ChangeError).message).toMatch(/Statement OpsAddedThis would be removed or altered/);
    const live = await src.iam.send(new GetRolePolicyCommand({ RoleName: ROLE, PolicyName: plan.names.rolePolicyName }));
    expect(JSON.parse(decodeURIComponent(live.PolicyDocument!))).toEqual(foreign);
  });

  it("writes when nothing changed since planning (the guard is not a blanket refusal)", async () => {
    const { src, plan } = await reusedRolePlan();
    for (const action of ["UpdateAssumeRolePolicy", "PutRolePolicy"] as const) {
      const change = plan.changes.find((c) => c.action === action)!;
      const out = await executeChange(change, src, { backoff: instantBackoff });
      expect(out.requestIds).toHaveLength(1);
    }
  });
});
