// Valid arguments for the onboarding actions, shared by the access-control tests (tests/actions-access.test.ts
// and e2e/access-actions.spec.ts): a refusal there must come from access control, never from parsing.
import { DEFAULT_MANY_SETTINGS } from "@/lib/schema/many";

const SANDBOX_SOURCE = { accountId: "111111111111", region: "eu-west-1" } as const;
const ADMIN = (account: string) => `arn:aws:iam::${account}:role/LockbridgeAdmin`;

/** "Check" of an onboarding (without the role and ExternalId the bootstrap made). */
export const ONBOARD_CHECK = {
  part: "source",
  ...SANDBOX_SOURCE,
  buckets: "lockbridge-demo-source",
  keyArns: "",
  replicationRolePath: "/service-role/",
};

/** "Generate the bootstrap". */
export const ONBOARD = { ...ONBOARD_CHECK, accessRoleName: "LockbridgeAccess", templateUrl: "" };

/** "List buckets" of the sandbox source account through its admin role. */
export const LIST_BUCKETS = { ...SANDBOX_SOURCE, roleArn: ADMIN("111111111111"), externalId: "" };

/** "Plan these sources": one sandbox source into the sandbox vault. */
export const MANY_FORM = {
  sources: [{ ...SANDBOX_SOURCE, bucket: "lockbridge-demo-source", roleArn: ADMIN("111111111111"), externalId: "", sourceKeyArn: "" }],
  vault: {
    accountId: "222222222222",
    region: "eu-west-1",
    bucket: "lockbridge-demo-vault",
    roleArn: ADMIN("222222222222"),
    externalId: "",
  },
  ...DEFAULT_MANY_SETTINGS,
};
