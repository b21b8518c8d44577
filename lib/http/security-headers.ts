// HTTP hardening. Lockbridge holds credentials that can rewrite policies in two accounts, so pages
// get a strict, nonce-based Content-Security-Policy (the App Router's inline bootstrap and its
// runtime-created chunks need a per-request nonce with 'strict-dynamic'; a host allowlist cannot
// tell them apart from injected scripts). The other security headers, which apply to every
// response, are in next.config.js.

/** The page CSP for one response. `dev` allows eval for React's dev tooling only. */
export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // React sets style attributes (e.g. widths); they cannot carry a nonce.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
