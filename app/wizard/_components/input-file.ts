// "Import input": a JSON file in exactly the `wizardInput` schema (README "Input files and templates"),
// validated with that schema; problems are reported by step and field. Loaded on demand (zod).
import { type WizardFormValues, wizardInput } from "@/lib/schema/wizard";
import { fieldWords } from "./field-words";

export type ImportResult = { ok: true; values: WizardFormValues } | { ok: false; message: string; issues: string[] };

export function parseInputFile(text: string): ImportResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `The file is not JSON (${(e as Error).message}).`, issues: [] };
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return {
      ok: false,
      message: "The file is not a Lockbridge input: expected a JSON object with accounts, objectLock, role, encryption and rule.",
      issues: [],
    };
  }
  const parsed = wizardInput.safeParse(raw);
  if (!parsed.success) {
    // Where in words (step › field), never a dotted path; the messages are the schema's own words.
    const issues = parsed.error.issues.map((i) => `${i.path.length ? fieldWords(i.path) : "The file"}: ${i.message}`);
    return { ok: false, message: "The file does not match the wizard input schema; nothing was imported.", issues };
  }
  // The parsed input is itself valid form input; optional texts come back as "" for the text fields.
  // Confirmations are never imported (an irreversible choice is confirmed by hand); the parsed input has none.
  const p = parsed.data;
  const side = (s: typeof p.accounts.source) => ({ ...s, roleArn: s.roleArn ?? "", externalId: s.externalId ?? "" });
  return { ok: true, values: { ...p, accounts: { source: side(p.accounts.source), destination: side(p.accounts.destination) } } };
}
