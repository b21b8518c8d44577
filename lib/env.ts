// The only reader of process.env (a lint rule enforces it). Validated once, at first use:
// a bad value stops the server with a message naming the variable.
import { z } from "zod";

const bool = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .optional()
  .transform((v) => (v === undefined || v === "" ? undefined : ["1", "true", "yes"].includes(v)));

const ipOrCidr = z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()]);

/** Comma-separated names, or `*` for everyone; undefined when unset (the mode's default applies). */
const people = z
  .string()
  .optional()
  .transform((v) => {
    const items = (v ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    if (items.length === 0) return undefined;
    return items.includes("*") ? ("*" as const) : items;
  });

/** Loopback addresses: the only binds where "local" identity (a typed name, no sign-in) is acceptable. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === "::ffff:127.0.0.1";
}

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
    AWS_REGION: z
      .string()
      .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d{1,2}$/, "must be a Region code such as eu-west-1")
      .optional(),
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
        const items = (v ?? "")
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean);
        for (const item of items) {
          if (!ipOrCidr.safeParse(item).success) {
            ctx.addIssue({ code: "custom", message: `"${item}" is not an IP address or CIDR range (e.g. 127.0.0.1, 10.0.0.0/8, ::1)` });
          }
        }
        return items;
      }),
    LOCKBRIDGE_FOUR_EYES: bool,
    LOCKBRIDGE_PUBLIC_ORIGIN: z
      .url({ message: "must be the URL people open, e.g. https://lockbridge.example.com" })
      .optional()
      .or(z.literal("").transform(() => undefined))
      .superRefine((v, ctx) => {
        if (v === undefined || !URL.canParse(v)) return;
        const u = new URL(v);
        if ((u.protocol !== "http:" && u.protocol !== "https:") || u.pathname !== "/" || u.search || u.hash || u.username || u.password) {
          ctx.addIssue({
            code: "custom",
            message: "must be an origin only (scheme, host and optional port), e.g. https://lockbridge.example.com",
          });
        }
      })
      .transform((v) => (v === undefined || !URL.canParse(v) ? undefined : new URL(v).origin)),
    LOCKBRIDGE_APPLIERS: people,
    LOCKBRIDGE_APPROVERS: people,
    LOCKBRIDGE_REQUIRE_APPROVAL: bool,
    LOCKBRIDGE_ALLOWED_ACCOUNTS: z
      .string()
      .optional()
      .transform((v, ctx) => {
        const items = (v ?? "")
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean);
        for (const item of items)
          if (!/^\d{12}$/.test(item)) ctx.addIssue({ code: "custom", message: `"${item}" is not a 12-digit AWS account ID` });
        return items.length > 0 ? items : undefined;
      }),
    LOCKBRIDGE_ALLOWED_ROLE_ARNS: z
      .string()
      .optional()
      .transform((v, ctx) => {
        const items = (v ?? "")
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean);
        for (const item of items) {
          if (!/^arn:aws[a-z-]*:iam::(\d{12}|\*):role\/[\w+=,.@\-/*]+$/.test(item)) {
            ctx.addIssue({
              code: "custom",
              message: `"${item}" is not a role ARN pattern such as arn:aws:iam::*:role/LockbridgeAdmin (* matches any characters)`,
            });
          }
        }
        return items.length > 0 ? items : undefined;
      }),
    LOCKBRIDGE_ALLOW_UNAUTHENTICATED_NETWORK: bool,
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
    // In local mode anyone who reaches the server can type any name: that is only acceptable when no
    // one else can reach it. A network bind needs proxy-header identity, or an explicit, loud opt-out.
    if (e.LOCKBRIDGE_IDENTITY === "local" && !isLoopbackHost(e.LOCKBRIDGE_HOST) && e.LOCKBRIDGE_ALLOW_UNAUTHENTICATED_NETWORK !== true) {
      ctx.addIssue({
        code: "custom",
        path: ["LOCKBRIDGE_HOST"],
        message: `is ${e.LOCKBRIDGE_HOST}, a network address, but LOCKBRIDGE_IDENTITY=local does not authenticate anyone: anyone who reaches the port could apply with this server's AWS credentials. Bind to 127.0.0.1, use LOCKBRIDGE_IDENTITY=proxy-header behind a sign-in proxy, or set LOCKBRIDGE_ALLOW_UNAUTHENTICATED_NETWORK=1 to accept the risk`,
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
    /** The URL people use behind a proxy (an origin), allowed as Host and Origin besides the bind address and localhost. */
    publicOrigin: e.LOCKBRIDGE_PUBLIC_ORIGIN,
    /** Who may apply (every AWS write) and who may approve saved plans: names, or "*" for everyone. */
    appliers: e.LOCKBRIDGE_APPLIERS ?? ("*" as const),
    approvers: e.LOCKBRIDGE_APPROVERS ?? ("*" as const),
    // Approval before any AWS write: on by default when people sign in through a proxy (a shared server).
    requireApproval: e.LOCKBRIDGE_REQUIRE_APPROVAL ?? e.LOCKBRIDGE_IDENTITY === "proxy-header",
    /** Accounts and access-role ARN patterns the server's credentials may be used in; undefined = any. */
    allowedAccounts: e.LOCKBRIDGE_ALLOWED_ACCOUNTS,
    allowedRoleArns: e.LOCKBRIDGE_ALLOWED_ROLE_ARNS,
    /** Local identity on a network address, accepted explicitly: every page shows a red warning. */
    unauthenticatedNetwork: e.LOCKBRIDGE_IDENTITY === "local" && !isLoopbackHost(e.LOCKBRIDGE_HOST),
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
