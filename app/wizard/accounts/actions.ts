"use server";
// Server actions are public endpoints, through serverAction (lib/http/action.ts): the form's own schema,
// who is acting, and the accounts and role ARNs this server may use (field-level refusal); then lib.
import { connectAccounts as connect, type Connection } from "@/lib/aws/connect";
import { serverAction } from "@/lib/http/action";
import type { FieldErrors } from "@/lib/schema/errors";
import { wizardAccountsStep } from "@/lib/schema/wizard";

export type ConnectResult = { ok: false; fieldErrors?: FieldErrors; message: string } | ({ kind: "connection" } & Connection);

export const connectAccounts = serverAction({
  name: "connectAccounts",
  input: wizardAccountsStep,
  permission: "read",
  accounts: (accounts) => ({ accounts, prefix: "" }),
  run: async (accounts): Promise<ConnectResult> => ({ kind: "connection", ...(await connect(accounts)) }),
});
