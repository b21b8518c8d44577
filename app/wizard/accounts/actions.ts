"use server";
// Server actions are public endpoints: parse with the form's own schema, call lib, return data.
import { connectAccounts as connect, type Connection } from "@/lib/aws/connect";
import { type FieldErrors, fieldErrorsOf } from "@/lib/schema/errors";
import { wizardAccountsStep } from "@/lib/schema/wizard";

export type ConnectResult = { ok: false; fieldErrors: FieldErrors } | ({ kind: "connection" } & Connection);

export async function connectAccounts(raw: unknown): Promise<ConnectResult> {
  const parsed = wizardAccountsStep.safeParse(raw);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error) };
  return { kind: "connection", ...(await connect(parsed.data)) };
}
