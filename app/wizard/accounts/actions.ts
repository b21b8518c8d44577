"use server";
// Server actions are public endpoints, through serverAction (lib/http/action.ts): the form's own schema,
// who is acting, and the accounts and role ARNs this server may use (field-level refusal); then lib.
import * as z from "zod/mini";
import { connectAccounts as connect, type Connection } from "@/lib/aws/connect";
import { serverAction } from "@/lib/http/action";
import { type FieldErrors, formErrorsOf } from "@/lib/schema/errors";
import type { AccountsValidation } from "@/lib/schema/accounts";
import { wizardAccountsStep } from "@/lib/schema/wizard";

export type ConnectResult = { ok: false; fieldErrors?: FieldErrors; message: string } | ({ kind: "connection" } & Connection);

export const connectAccounts = serverAction({
  name: "connectAccounts",
  input: wizardAccountsStep,
  permission: "read",
  accounts: (accounts) => ({ accounts, prefix: "" }),
  run: async (accounts): Promise<ConnectResult> => ({ kind: "connection", ...(await connect(accounts)) }),
});

/**
 * The Accounts form's checks, run here rather than in the browser: the first page of the wizard then
 * loads no schema library at all. It is the schema Connect parses with, and the messages are the ones
 * the other steps' forms show (formErrorsOf). It reads nothing and writes nothing, so the argument is
 * taken as it comes (the request is at most 1 MB, next.config.js) and the schema is the whole check.
 */
export const checkAccounts = serverAction({
  name: "checkAccounts",
  input: z.unknown(),
  permission: "read",
  run: async (values): Promise<{ ok: true; validation: AccountsValidation }> => {
    const r = await wizardAccountsStep.safeParseAsync(values);
    return { ok: true, validation: r.success ? { ok: true, data: r.data } : { ok: false, errors: formErrorsOf(r.error.issues) } };
  },
});
