// Person names as Lockbridge records them (author, approver, audit actor). Isomorphic: the name form
// validates with the same schema as the server action.
// zod/mini, like lib/schema: classic zod in any browser bundle makes every page load all of zod's core.
import * as z from "zod/mini";

export const MAX_NAME = 128;

// Control, format, private-use and surrogate characters, and line/paragraph separators: a name is
// shown in history and exported to JSON Lines, so it must be printable and on one line.
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\u2028\u2029]/u;

export const actorName = z.string({ error: "Enter your name." }).check(
  z.trim(),
  z.minLength(1, "Enter your name."),
  z.refine((s: string) => [...s].length <= MAX_NAME, `A name is at most ${MAX_NAME} characters.`),
  z.refine((s: string) => !UNPRINTABLE.test(s), "A name can only contain printable characters on one line."),
);

export type NameCheck = { ok: true; name: string } | { ok: false; error: string };

export function validateActorName(value: unknown): NameCheck {
  const r = actorName.safeParse(value);
  return r.success ? { ok: true, name: r.data } : { ok: false, error: r.error.issues[0]?.message ?? "Invalid name." };
}

/**
 * Why an identity header from the sign-in proxy cannot be believed, or undefined when it is one clean
 * value. A comma means two values were joined (a client-sent copy next to the proxy's, or a list), a
 * second copy means the same, and control characters could forge lines in logs and exports.
 */
export function identityHeaderProblem(header: string, values: readonly string[]): string | undefined {
  if (values.length === 0 || values.every((v) => v.trim() === "")) {
    return `The sign-in proxy did not send the ${header} header, so Lockbridge cannot tell who you are. Check the proxy's configuration.`;
  }
  if (values.length > 1)
    return `The ${header} header was sent more than once; Lockbridge believes exactly one value from the sign-in proxy.`;
  const value = values[0]!;
  if (value.includes(","))
    return `The ${header} header holds a comma (several values joined); Lockbridge believes exactly one value from the sign-in proxy.`;
  if (/[\p{Cc}]/u.test(value)) return `The ${header} header holds control characters; it is not a usable name.`;
  const check = validateActorName(value);
  return check.ok ? undefined : `The ${header} header from the sign-in proxy is not a usable name: ${check.error}`;
}
