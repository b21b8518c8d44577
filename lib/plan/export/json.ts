// The plan itself as JSON: for hand-over, archiving and re-import. parsePlanJson validates the shape and
// re-validates the input with the wizard schema; it returns errors instead of throwing.
// zod/mini like the schemas: the plan engine also runs in the browser (the live preview), and classic
// zod there would make every page that shares zod's core load all of it.
import * as z from "zod/mini";
import { wizardInput } from "../../schema/wizard";
import { prettyJson } from "../canonical";
import type { AccountSide, Plan } from "../types";

/** One account's half: its changes and documents only, marked with `scope`; fingerprint kept. */
export function planForAccount(plan: Plan, account: AccountSide): Plan {
  return {
    ...plan,
    scope: account,
    changes: plan.changes.filter((c) => c.account === account),
    documents: plan.documents.filter((d) => d.account === account),
    // The batch job runs in the source account only.
    batch: account === "source" ? plan.batch : undefined,
  };
}

/**
 * The plan as it leaves Lockbridge: without the access role ARNs and ExternalIds Lockbridge uses to reach
 * each account (through a role). They are Lockbridge's, not part of the change: a hand-over file goes to the other
 * account's admin, and the ExternalId guards the access role against being used by anyone else. Such an
 * account reads as plan-only; whoever imports the file connects their own way.
 */
function withoutAccess(plan: Plan): Plan {
  const strip = (a: Plan["input"]["accounts"]["source"]) =>
    a.access === "role" ? { ...a, access: "plan-only" as const, roleArn: undefined, externalId: undefined } : a;
  const { source, destination } = plan.input.accounts;
  return {
    ...plan,
    input: { ...plan.input, accounts: { ...plan.input.accounts, source: strip(source), destination: strip(destination) } },
  };
}

export function exportPlanJson(plan: Plan, options: { account?: AccountSide } = {}): string {
  return `${prettyJson(withoutAccess(options.account ? planForAccount(plan, options.account) : plan))}\n`;
}

const side = z.enum(["source", "destination"]);
const change = z.looseObject({
  id: z.string(),
  account: side,
  accountId: z.string(),
  region: z.string(),
  action: z.string(),
  target: z.string(),
  kind: z.enum(["create", "update", "no-op"]),
  before: z.unknown(),
  after: z.unknown(),
  dependsOn: z.array(z.string()),
  description: z.string(),
});
const planShape = z.looseObject({
  version: z.literal(1),
  input: z.unknown(),
  names: z.looseObject({ roleArn: z.string(), roleName: z.string() }),
  changes: z.array(change),
  errors: z.array(z.object({ path: z.string(), message: z.string() })),
  warnings: z.array(z.object({ path: z.optional(z.string()), message: z.string() })),
  applyable: z.boolean(),
  fingerprint: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  observedHashes: z.record(z.string(), z.string()),
  documents: z.array(z.unknown()),
  scope: z.optional(side),
});

export function parsePlanJson(text: string): { ok: true; plan: Plan } | { ok: false; errors: { path: string; message: string }[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [{ path: "", message: `Not JSON: ${(e as Error).message}` }] };
  }
  const shape = planShape.safeParse(raw);
  if (!shape.success)
    return { ok: false, errors: shape.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })) };
  const input = wizardInput.safeParse(shape.data.input);
  if (!input.success)
    return { ok: false, errors: input.error.issues.map((i) => ({ path: `input.${i.path.map(String).join(".")}`, message: i.message })) };
  // The shape is checked above; the documents are data the caller re-derives before trusting.
  return { ok: true, plan: { ...(shape.data as unknown as Plan), input: input.data } };
}
