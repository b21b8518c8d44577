"use client";
// The Accounts form's state, without a form library: it is the wizard's first page, and a form library
// weighs as much as the rest of the page's own code. It behaves like the other steps' forms
// (react-hook-form in "onBlur" mode, re-validating on change after a submit): a field is checked when
// it is left; after a submit, on every change; a submit shows every error and focuses the first one.
// The checks themselves are the schema's (wizardAccountsStep), run by `validate` (on the server): answers
// can arrive out of order, so only the answer to the latest values is shown.
import { useCallback, useRef, useState } from "react";
import type { FieldErrors } from "@/lib/schema/errors";
import type { AccountsStep, AccountsStepInput, AccountsValidation } from "@/lib/schema/accounts";

export const SIDES = ["source", "destination"] as const;
export const SIDE_FIELDS = ["accountId", "region", "bucket", "access", "roleArn", "externalId"] as const;
export type Side = (typeof SIDES)[number];
export type SideField = (typeof SIDE_FIELDS)[number];
export type FieldPath = `${Side}.${SideField}`;
export type Values = AccountsStepInput;

/** The element of a field: its id is `${side}-${field}` (see SideFields). */
const elementOf = (path: string) => document.getElementById(path.replace(".", "-"));

/** The first field with an error, in the order the fields appear on the page. */
function firstErrorPath(errors: FieldErrors): string | undefined {
  for (const side of SIDES) for (const f of SIDE_FIELDS) if (Object.hasOwn(errors, `${side}.${f}`)) return `${side}.${f}`;
  return undefined;
}

export function useAccountsForm(initial: Values, validate: (v: Values) => Promise<AccountsValidation>, onEdit: (v: Values) => void) {
  const [values, setValues] = useState(initial);
  const latest = useRef(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const submitted = useRef(false);
  /** Per field, the number of its latest check: an older answer for that field is dropped. */
  const asked = useRef({ count: 0, latest: new Map<string, number>() });

  const setFieldError = useCallback((path: string, message: string | undefined) => {
    setErrors((old) => {
      if (old[path] === message) return old;
      const next = { ...old };
      if (message === undefined) delete next[path];
      else next[path] = message;
      return next;
    });
  }, []);

  /** Validates the whole form and shows (or clears) the error of one field only. */
  const check = useCallback(
    async (path: FieldPath) => {
      const mine = ++asked.current.count;
      asked.current.latest.set(path, mine);
      const r = await validate(latest.current);
      if (asked.current.latest.get(path) === mine) setFieldError(path, r.ok ? undefined : r.errors[path]);
    },
    [validate, setFieldError],
  );

  const set = (path: FieldPath, value: string) => {
    const [side, f] = path.split(".") as [Side, SideField];
    const next = { ...latest.current, [side]: { ...latest.current[side], [f]: value } } as Values;
    latest.current = next;
    setValues(next);
    onEdit(structuredClone(next));
    if (submitted.current) void check(path);
  };

  /** Props for the input or select of one field (controlled). */
  const field = (path: FieldPath) => {
    const [side, f] = path.split(".") as [Side, SideField];
    return {
      name: path,
      value: values[side][f] ?? "",
      onChange: (e: { target: { value: string } }) => set(path, e.target.value),
      onBlur: () => {
        if (!submitted.current) void check(path);
      },
    };
  };

  /** Runs `onValid` with the parsed values when the whole form is valid; otherwise shows every error. */
  const handleSubmit =
    (onValid: (data: AccountsStep) => unknown | Promise<unknown>) =>
    async (e?: { preventDefault(): void }): Promise<void> => {
      e?.preventDefault();
      submitted.current = true;
      // The values that are checked are the ones submitted: an edit during the check is checked again.
      let values: Values;
      let r: AccountsValidation;
      do {
        values = latest.current;
        r = await validate(values);
      } while (values !== latest.current);
      if (!r.ok) {
        setErrors(r.errors);
        const first = firstErrorPath(r.errors);
        if (first) elementOf(first)?.focus();
        return;
      }
      setErrors({});
      await onValid(r.data);
    };

  /** An error from the server, shown on its field (focused when asked). */
  const setError = (path: string, message: string, focus = false) => {
    setFieldError(path, message);
    if (focus) elementOf(path)?.focus();
  };

  /** New values, no errors, as if the form had just been opened. */
  const reset = (next: Values) => {
    latest.current = next;
    setValues(next);
    setErrors({});
    submitted.current = false;
  };

  return { values, errors, field, handleSubmit, setError, reset, getValues: () => latest.current };
}
