// The server's check of the typed confirmations that come with a wizard input: Review and Apply refuse
// an input whose irreversible choices were not confirmed, or were confirmed for another bucket or
// another retention than the one the input now asks for.
import { describeConfirmation, objectLockConfirmationFor, sameConfirmation } from "./confirmation-key";
import { type WizardInput, wizardConfirmations } from "./wizard";

/** A sentence saying what is not confirmed, or undefined when the input's confirmations match it. */
export function confirmationProblem(input: WizardInput, raw: unknown): string | undefined {
  const want = objectLockConfirmationFor(input.accounts.destination.bucket, input.objectLock.retention);
  const sent = typeof raw === "object" && raw !== null ? (raw as { confirmations?: unknown }).confirmations : undefined;
  const parsed = wizardConfirmations.safeParse(sent ?? {});
  const given = parsed.success ? parsed.data.objectLock : undefined;
  if (!given) {
    return `Object Lock on ${want.bucket} is not confirmed yet: on the Destination Object Lock step, type the bucket name to confirm what can never be undone.`;
  }
  if (!sameConfirmation(given, want)) {
    return `The Object Lock confirmation was given for ${describeConfirmation(given)}, but the input now asks for ${describeConfirmation(want)}: confirm it again on the Destination Object Lock step.`;
  }
  return undefined;
}
