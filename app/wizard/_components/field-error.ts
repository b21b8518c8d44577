import { type FieldErrors, type FieldValues, get } from "react-hook-form";

/** The message of the error at a dotted field path ("retention.value", "tags.0.key"), if any. */
export function errorAt<T extends FieldValues>(errors: FieldErrors<T>, name: string): string | undefined {
  const e = get(errors, name) as { message?: unknown } | undefined;
  return typeof e?.message === "string" ? e.message : undefined;
}
