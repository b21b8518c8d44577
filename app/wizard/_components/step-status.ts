// Where the user stands: per step, is its part of the draft valid (its own zod schema plus the
// cross-step rules of `wizardInput` that land on its fields), was it completed with Next, and can it
// be opened (every earlier step done). The stepper, the step gates and Review all use this.
import {
  type WizardFormValues,
  bucketPolicyStep,
  encryptionStep,
  objectLockStep,
  roleStep,
  ruleStep,
  wizardAccountsStep,
  wizardInput,
} from "@/lib/schema/wizard";
import { type StepSlug, WIZARD_STEPS, stepHref } from "../steps";
import { type FormStep, STEP_KEY, connectionCurrent, isConfirmed, reviewReason } from "./draft-keys";
import type { Persisted } from "./draft-storage";

export type FieldIssue = { path: string; message: string };

const STEP_SCHEMA = {
  accounts: wizardAccountsStep,
  "object-lock": objectLockStep,
  role: roleStep,
  encryption: encryptionStep,
  "bucket-policy": bucketPolicyStep,
  rule: ruleStep,
} as const;

const pathOf = (p: PropertyKey[]) => p.map(String).join(".");

/** Issues on one step's fields, paths relative to the step (e.g. "sourceKeyArn"). */
export function stepIssues(slug: FormStep, values: WizardFormValues): FieldIssue[] {
  const key = STEP_KEY[slug];
  const own = STEP_SCHEMA[slug].safeParse(values[key]);
  const issues: FieldIssue[] = own.success ? [] : own.error.issues.map((i) => ({ path: pathOf(i.path), message: i.message }));
  if (slug === "accounts" || !own.success) return issues;
  // Rules spanning steps (a KMS key in the wrong account, a reused role elsewhere) are reported on
  // this step's fields by wizardInput; they block this step's Next like its own errors.
  const full = wizardInput.safeParse(values);
  if (!full.success) {
    for (const i of full.error.issues) {
      if (i.path[0] === key && i.path.length > 1) issues.push({ path: pathOf(i.path.slice(1)), message: i.message });
    }
  }
  return issues;
}

export type StepState = {
  slug: StepSlug;
  label: string;
  href: string;
  valid: boolean;
  done: boolean;
  available: boolean;
  /** Completed once, but what it builds on changed since: why it must be looked at again. */
  review?: string;
  /** Why a step that was completed no longer counts (invalid now, accounts not connected, not confirmed). */
  problem?: string;
};

export function stepStates(d: Pick<Persisted, "values" | "connection" | "confirmation" | "completed" | "completedWith">): StepState[] {
  let earlierDone = true;
  return WIZARD_STEPS.map((s) => {
    let valid: boolean;
    let problem: string | undefined;
    let review: string | undefined;
    if (s.slug === "review") valid = wizardInput.safeParse(d.values).success;
    else {
      valid = stepIssues(s.slug, d.values).length === 0;
      if (!valid) problem = "Some fields on this step are not valid.";
      if (valid && s.slug === "accounts" && !connectionCurrent(d.values, d.connection)) {
        valid = false;
        problem = d.connection ? "The accounts changed since they were connected: connect again." : "Not connected yet.";
      }
      if (valid && s.slug === "object-lock" && !isConfirmed(d.values, d.confirmation)) {
        valid = false;
        problem = "The irreversible change is not confirmed for the current bucket and retention.";
      }
      if (d.completed.includes(s.slug)) review = reviewReason(s.slug, d.values, d.completedWith?.[s.slug]);
    }
    // Review is done once a plan was reviewed for exactly these values (the Apply page marks it).
    const done =
      s.slug === "review"
        ? valid && earlierDone && d.completedWith?.review === JSON.stringify(d.values)
        : valid && d.completed.includes(s.slug) && !review;
    const available = earlierDone;
    earlierDone &&= done;
    return {
      slug: s.slug,
      label: s.label,
      href: stepHref(s.slug),
      valid,
      done,
      available,
      ...(review ? { review } : {}),
      ...(problem ? { problem } : {}),
    };
  });
}

/** The first step that is not done yet (where an imported or resumed draft should continue). */
export function firstOpenStep(states: StepState[]): StepState {
  return states.find((s) => !s.done) ?? states[states.length - 1]!;
}
