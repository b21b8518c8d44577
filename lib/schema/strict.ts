// Objects the client sends are strict: a key the schema does not know is refused, never silently
// dropped. Server actions are public endpoints (docs/architecture.md, habit 8): a request that carries a
// "policy", a rule "Filter" or a whole "plan" is told so, and nothing from it is used.
import * as z from "zod/mini";

/** Unknown keys are named in messages and field errors only when short and few: a refusal never echoes a 1 MiB key. */
export const NAMED_KEYS = { max: 5, length: 64 } as const;
export const nameable = (key: string) => key.length <= NAMED_KEYS.length;

function unknownKeys(keys: readonly string[]): string {
  const named = keys.filter(nameable).slice(0, NAMED_KEYS.max);
  const rest = keys.length - named.length;
  const list = [...named.map((k) => JSON.stringify(k)), ...(rest > 0 ? [`${rest} more`] : [])].join(", ");
  return `Unknown field${keys.length > 1 ? "s" : ""} ${list}: Lockbridge accepts only its own fields and builds every document itself.`;
}

/** Params for z.strictObject: the unknown-key message names the keys (fieldErrorsOf reports it on each key). */
export const STRICT: z.core.$ZodObjectParams = {
  error: (issue) => (issue.code === "unrecognized_keys" ? unknownKeys(issue.keys) : undefined),
};

/** z.strictObject with the STRICT message. */
export function strictObject<T extends z.core.$ZodLooseShape>(shape: T) {
  return z.strictObject(shape, STRICT);
}

/**
 * A field of a form variant that is not chosen (the role and encryption forms keep both variants'
 * fields so switching back keeps what was typed). Accepted, bounded, never validated as a value and
 * dropped from the output: any other key is still refused.
 */
export const leftoverText = z.optional(z.string().check(z.maxLength(2048, "At most 2048 characters.")));
export const leftoverFlag = z.optional(z.boolean());

/** `schema`, then `fn` on what it parsed (classic zod's `.transform`, spelled for zod/mini). */
export function transformed<S extends z.ZodMiniType, O>(schema: S, fn: (value: z.output<S>) => O) {
  return z.pipe(schema, z.transform<z.output<S>, O>(fn));
}
