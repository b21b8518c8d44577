"use client";
import { useEffect, useState } from "react";
import { Field, describedBy } from "@/components/ui/field";
import { type Confirmation, useDraft } from "../../_components/draft-provider";
import { describeConfirmation } from "@/lib/schema/confirmation-key";
import { confirmationFor, isConfirmed } from "../../_components/draft-keys";

/** What the confirmation covers, in words: the bucket, then the exact retention it is bound to. */
function confirmedText(bucket: string, c: Confirmation): string {
  if (c.mode === "NONE") return `Confirmed for ${bucket}.`;
  const period = describeConfirmation(c).replace(/^.* for /, "");
  return c.mode === "COMPLIANCE"
    ? `Confirmed for ${bucket} with COMPLIANCE retention. The confirmation is for ${period}: another period asks again.`
    : `Confirmed for ${bucket}. The confirmation is for GOVERNANCE retention of ${period}: another retention asks again.`;
}

/**
 * The typed confirmation for what can never be undone. It is stored in the draft bound to the bucket
 * name and the exact retention (mode, unit, period), so changing any of them asks again; Next stays
 * blocked until it matches, and the server refuses Review and Apply without it.
 */
export function ConfirmIrreversible({
  bucket,
  compliance,
  error,
  onError,
  stale,
}: {
  bucket: string;
  compliance: boolean;
  error?: string;
  onError: (e: string | undefined) => void;
  stale: boolean;
}) {
  const draft = useDraft();
  const confirmed = isConfirmed(draft.values, draft.confirmation);
  const [typed, setTyped] = useState(confirmed ? bucket : "");
  const { setConfirmation } = draft;

  // The binding changed (other mode, unit or period): the old text no longer confirms anything.
  useEffect(() => {
    if (!confirmed && typed === bucket && draft.confirmation) setTyped("");
  }, [confirmed, typed, bucket, draft.confirmation]);

  const onChange = (value: string) => {
    setTyped(value);
    setConfirmation(value === bucket ? confirmationFor(draft.values) : undefined);
    if (value === bucket) onError(undefined);
  };
  const id = "objectLock-confirm";
  return (
    <section className="irreversible" aria-labelledby="irreversible-title">
      <h2 id="irreversible-title">This cannot be undone</h2>
      <ul>
        <li>Object Lock can never be turned off on {bucket} once it is enabled.</li>
        <li>Versioning on {bucket} can never be suspended again.</li>
        {compliance ? (
          <li>
            <strong>COMPLIANCE retention cannot be shortened or removed by anyone, including the root user</strong>: every replica stays,
            and is billed, until its retention date.
          </li>
        ) : (
          <li>Locked object versions cannot be deleted until their retention date has passed.</li>
        )}
      </ul>
      {stale && draft.confirmation ? (
        <p className="notice notice-warn notice-small" role="status">
          {draft.confirmation.mode !== confirmationFor(draft.values).mode
            ? "You changed the retention mode after confirming: confirm again."
            : "You changed the retention period after confirming: confirm again."}{" "}
          You confirmed {describeConfirmation(draft.confirmation)}; the step now asks for{" "}
          {describeConfirmation(confirmationFor(draft.values))}.
        </p>
      ) : null}
      <Field
        id={id}
        label="Type the destination bucket name to confirm"
        hint={
          <>
            Type <span className="mono">{bucket}</span> exactly.
          </>
        }
        error={error}
      >
        <input
          className="input"
          autoComplete="off"
          spellCheck={false}
          value={typed}
          onChange={(e) => onChange(e.target.value)}
          onBlur={() => onError(typed === bucket ? undefined : `Type ${bucket} exactly to confirm; the step cannot continue without it.`)}
          {...describedBy(id, true, error)}
        />
      </Field>
      <p className="confirm-state" role="status">
        {confirmed && draft.confirmation ? confirmedText(bucket, draft.confirmation) : "Not confirmed yet."}
      </p>
    </section>
  );
}
