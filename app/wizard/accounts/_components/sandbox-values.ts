// The two emulated accounts created by testing/seeds/sandbox.json.
import type { AccountsStepInput } from "@/lib/schema/accounts";

export const SANDBOX_ACCOUNTS: AccountsStepInput = {
  source: {
    accountId: "111111111111",
    region: "eu-west-1",
    bucket: "lockbridge-demo-source",
    access: "role",
    roleArn: "arn:aws:iam::111111111111:role/LockbridgeAdmin",
    externalId: "",
  },
  destination: {
    accountId: "222222222222",
    region: "eu-west-1",
    bucket: "lockbridge-demo-vault",
    access: "role",
    roleArn: "arn:aws:iam::222222222222:role/LockbridgeAdmin",
    externalId: "",
  },
};
