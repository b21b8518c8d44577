// The only reader of process.env (ARCHITECTURE.md fence). Validated once, at first use:
// a bad value stops the server with a message naming the variable.
import { z } from "zod";

const bool = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .optional()
  .transform((v) => (v === undefined || v === "" ? undefined : ["1", "true", "yes"].includes(v)));

const ipOrCidr = z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()]);

const schema = z
  .object({
    LOCKBRIDGE_HOST: z
      .string()
      .regex(/^[0-9a-zA-Z.:-]+$/, "must be a host name or IP address, e.g. 127.0.0.1")
      .default("127.0.0.1"),
    LOCKBRIDGE_PORT: z.coerce
      .number({ message: "must be a number" })
      .int("must be a whole number")
      .min(1, "must be 1-65535")
      .max(65535, "must be 1-65535")
      .default(3000),
    AWS_ENDPOINT_URL: z
      .url({ message: "must be a URL such as http://127.0.0.1:5000" })
      .optional()
      .or(z.literal("").transform(() => undefined)),
    LOCKBRIDGE_SANDBOX: bool,
    AWS_REGION: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d{1,2}$/, "must be a Region code such as eu-west-1").optional(),
    AWS_DEFAULT_REGION: z.string().optional(),
    LOCKBRIDGE_DATA_DIR: z.string().min(1).default(".data"),
    NODE_ENV: z.string().optional(),
    LOCKBRIDGE_AWS_TIMEOUT_MS: z.coerce
      .number({ message: "must be a number of milliseconds" })
      .int("must be a whole number of milliseconds")
      .min(100, "must be at least 100")
      .default(30_000),
    LOCKBRIDGE_IDENTITY: z
      .enum(["local", "proxy-header"], { message: 'must be "local" or "proxy-header"' })
      .optional()
      .or(z.literal("").transform(() => undefined))
      .transform((v) => v ?? "local"),
    LOCKBRIDGE_IDENTITY_HEADER: z
      .string()
      // An HTTP field name (RFC 9110 token); compared case-insensitively, like every header.
      .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "must be an HTTP header name such as X-Forwarded-Email")
      .optional()
      .or(z.literal("").transform(() => undefined))
      .transform((v) => (v ?? "X-Forwarded-Email").toLowerCase()),
    LOCKBRIDGE_TRUSTED_PROXY: z
      .string()
      .optional()
      .transform((v, ctx) => {
        const items = (v ?? "").split(",").map((s) => s.trim()).filter(Boolean);
        for (const item of items) {
          if (!ipOrCidr.safeParse(item).success) {
            ctx.addIssue({ code: "custom", message: `"${item}" is not an IP address or CIDR range (e.g. 127.0.0.1, 10.0.0.0/8, ::1)` });
          }
        }
        return items;
      }),
    LOCKBRIDGE_FOUR_EYES: bool,
  })
  .superRefine((e, ctx) => {
    // Trusting an identity header from anyone would let any client name itself: refuse to start.
    if (e.LOCKBRIDGE_IDENTITY === "proxy-header" && e.LOCKBRIDGE_TRUSTED_PROXY.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["LOCKBRIDGE_TRUSTED_PROXY"],
        message: "is required when LOCKBRIDGE_IDENTITY=proxy-header: the address(es) of the authenticating reverse proxy, e.g. 127.0.0.1",
      });
    }
  })
  .transform((e) => ({
    host: e.LOCKBRIDGE_HOST,
    port: e.LOCKBRIDGE_PORT,
    endpoint: e.AWS_ENDPOINT_URL,
    // Sandbox = talking to the local emulator. Defaults to on whenever an endpoint override is set,
    // because a custom endpoint is never real AWS for this product.
    sandbox: e.LOCKBRIDGE_SANDBOX ?? e.AWS_ENDPOINT_URL !== undefined,
    defaultRegion: e.AWS_REGION ?? e.AWS_DEFAULT_REGION ?? "us-east-1",
    dataDir: e.LOCKBRIDGE_DATA_DIR,
    dev: e.NODE_ENV === "development",
    awsTimeoutMs: e.LOCKBRIDGE_AWS_TIMEOUT_MS,
    identity:
      e.LOCKBRIDGE_IDENTITY === "proxy-header"
        ? { mode: "proxy-header" as const, header: e.LOCKBRIDGE_IDENTITY_HEADER, trustedProxies: e.LOCKBRIDGE_TRUSTED_PROXY }
        : { mode: "local" as const },
    // Four eyes: the approver must differ from the author. On unless explicitly turned off.
    fourEyes: e.LOCKBRIDGE_FOUR_EYES ?? true,
  }));

export type Env = z.output<typeof schema>;

export class EnvError extends Error {}

/** Parses an environment; throws EnvError listing every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
  throw new EnvError(`Invalid Lockbridge configuration:\n${lines.join("\n")}`);
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Who is acting: a local user named in a cookie, or a header set by an authenticating reverse proxy. */
export type IdentityConfig = Env["identity"];
