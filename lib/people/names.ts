// Person names as Lockbridge records them (author, approver, audit actor). Isomorphic: the name form
// validates with the same schema as the server action.
import { z } from "zod";

export const MAX_NAME = 128;

// Control, format, private-use and surrogate characters, and line/paragraph separators: a name is
// shown in history and exported to JSON Lines, so it must be printable and on one line.
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\u2028\u2029]/u;

export const actorName = z
  .string({ error: "Enter your name." })
  .trim()
  .min(1, "Enter your name.")
  .refine((s) => [...s].length <= MAX_NAME, `A name is at most ${MAX_NAME} characters.`)
  .refine((s) => !UNPRINTABLE.test(s), "A name can only contain printable characters on one line.");

export type NameCheck = { ok: true; name: string } | { ok: false; error: string };

export function validateActorName(value: unknown): NameCheck {
  const r = actorName.safeParse(value);
  return r.success ? { ok: true, name: r.data } : { ok: false, error: r.error.issues[0]?.message ?? "Invalid name." };
}
