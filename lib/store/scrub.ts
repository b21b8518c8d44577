import "server-only";
// The audit log never holds credentials. Every audit entry passes through scrubAuditEntry() before it
// is written: in error texts, names and headers, keys that name a credential are dropped, and strings
// that look like an AWS access key ID or a long base64 secret (secret access key, session token) are
// redacted. Each removal is recorded as a path so the log shows that something was removed, never what.
// The documents (before / after) are kept exactly as AWS returned them: they are policies and
// configurations, never credentials, and a rollback restores them; redacting a policy value that
// merely looks random (an ExternalId condition, a key alias) would make the restore write something
// that never existed.

export const REDACTED = "[REDACTED]";

// Compared after lower-casing and removing "_", "-" and ".": AccessKeyId, aws_access_key_id, x-amz-security-token…
const SECRET_KEYS = new Set([
  "accesskeyid",
  "awsaccesskeyid",
  "secretaccesskey",
  "awssecretaccesskey",
  "secretkey",
  "sessiontoken",
  "awssessiontoken",
  "securitytoken",
  "xamzsecuritytoken",
  "credentials",
  "authorization",
  "password",
  "clientsecret",
]);

const REQUEST_ID_KEYS = new Set(["requestid", "xamzrequestid", "xamzid2", "extendedrequestid"]);

const normalizeKey = (k: string) => k.toLowerCase().replace(/[-_.]/g, "");

// Access key IDs: AKIA (long-term) and ASIA (temporary), 20 characters.
const ACCESS_KEY_ID = /(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/g;
// A run of 40+ base64 characters: secret access keys are 40, session tokens hundreds. A run may follow
// "=" (x-amz-security-token=… in a quoted request).
const BASE64_RUN = /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{40,}={0,2}(?![A-Za-z0-9+/=])/g;

/**
 * A base64 run is a secret when it mixes upper case, lower case and digits (random key material
 * does, with overwhelming probability at 40+ characters). Hex digests (fingerprints, ETags, request
 * IDs) are single-case and pass; ARNs, key IDs and policy values contain ":" or "-" and never match.
 */
const looksSecret = (run: string) => /[A-Z]/.test(run) && /[a-z]/.test(run) && /[0-9]/.test(run);

export function scrubString(s: string): { value: string; changed: boolean } {
  let changed = false;
  const value = s
    .replace(ACCESS_KEY_ID, () => ((changed = true), REDACTED))
    .replace(BASE64_RUN, (run) => (looksSecret(run) ? ((changed = true), REDACTED) : run));
  return { value, changed };
}

export type ScrubResult<T> = { value: T; findings: string[] };

/** Returns a copy of `input` without credentials, and the paths ($.a.b[0]) of what was removed. */
export function scrub<T>(input: T, root = "$"): ScrubResult<T> {
  const findings: string[] = [];
  const walk = (v: unknown, at: string): unknown => {
    if (typeof v === "string") {
      const r = scrubString(v);
      if (r.changed) findings.push(at);
      return r.value;
    }
    if (Array.isArray(v)) return v.map((item, i) => walk(item, `${at}[${i}]`));
    if (v !== null && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, child] of Object.entries(v)) {
        // A key can itself be a secret (e.g. a map keyed by access key ID): never echo it into a path.
        const key = scrubString(k);
        const keyPath = `${at}.${key.value}`;
        if (SECRET_KEYS.has(normalizeKey(k))) {
          findings.push(keyPath);
          continue;
        }
        if (key.changed) findings.push(keyPath);
        // AWS request IDs are assigned by AWS to identify a call, never key material; some
        // (the emulator's, S3's extended ones) are long mixed-case runs that look random.
        if (REQUEST_ID_KEYS.has(normalizeKey(k)) && typeof child === "string") {
          out[key.value] = child;
          continue;
        }
        out[key.value] = walk(child, keyPath);
      }
      return out;
    }
    return v;
  };
  return { value: walk(input, root) as T, findings };
}

/** scrub() for an audit entry: every field except the documents (before, after), kept as AWS returned them. */
export function scrubAuditEntry<T extends { before: unknown; after: unknown }>(entry: T): ScrubResult<T> {
  const { before, after, ...rest } = entry;
  const r = scrub(rest);
  return { value: { ...entry, ...r.value, before, after }, findings: r.findings };
}
