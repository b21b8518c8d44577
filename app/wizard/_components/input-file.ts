// "Import input": a JSON file in exactly the `wizardInput` schema (README "Input files and templates"),
// validated with that schema; problems are reported by step and field. Loaded on demand (zod).
import { type WizardFormValues, wizardInput } from "@/lib/schema/wizard";
import { WIZARD_STEPS } from "../steps";

const SECTION: Record<string, string> = {
  accounts: WIZARD_STEPS[0].label,
  objectLock: WIZARD_STEPS[1].label,
  role: WIZARD_STEPS[2].label,
  encryption: WIZARD_STEPS[3].label,
  bucketPolicy: WIZARD_STEPS[4].label,
  rule: WIZARD_STEPS[5].label,
};

export type ImportResult = { ok: true; values: WizardFormValues } | { ok: false; message: string; issues: string[] };

export function parseInputFile(text: string): ImportResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `The file is not JSON (${(e as Error).message}).`, issues: [] };
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return { ok: false, message: "The file is not a Lockbridge input: expected a JSON object with accounts, objectLock, role, encryption and rule.", issues: [] };
  }
  const parsed = wizardInput.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => {
      const [head, ...rest] = i.path.map(String);
      const where = head ? `${SECTION[head] ?? head}${rest.length ? ` › ${rest.join(".")}` : ""}` : "File";
      return `${where}: ${i.message}`;
    });
    return { ok: false, message: "The file does not match the wizard input schema; nothing was imported.", issues };
  }
  // The parsed input is itself valid form input; optional texts come back as "" for the text fields.
  const p = parsed.data;
  const side = (s: typeof p.accounts.source) => ({ ...s, roleArn: s.roleArn ?? "", externalId: s.externalId ?? "" });
  return { ok: true, values: { ...p, accounts: { source: side(p.accounts.source), destination: side(p.accounts.destination) } } };
}
