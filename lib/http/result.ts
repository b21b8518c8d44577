// What every server action returns (isomorphic: client components import the type). Success carries the
// action's own fields next to `ok: true`; a refusal is always a message for the page, plus the fields
// that were wrong (keyed by dotted path, as the forms name them) when the input did not parse.
import type { FieldErrors } from "../schema/errors";

export type ActionFailure = {
  ok: false;
  message: string;
  fieldErrors?: FieldErrors;
  /** Extra lines under the message (what drifted, what is irreversible…). */
  details?: string[];
  /** A local user has not named themselves yet: the page shows the name form. */
  needsName?: boolean;
};

export type ActionResult<T extends object = object> = ({ ok: true } & T) | ActionFailure;

/** A refusal with just a message. */
export const refusal = (message: string, extra: Omit<ActionFailure, "ok" | "message"> = {}): ActionFailure => ({
  ok: false,
  message,
  ...extra,
});
