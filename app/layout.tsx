import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { env } from "@/lib/env";
import { AppNav } from "./_components/app-nav";
import "./globals.css";

// The sandbox banner and settings come from the runtime environment, never from build time.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Lockbridge",
  description: "Cross-account S3 replication into an Object Lock vault, reviewed and applied safely.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  const { sandbox, endpoint, unauthenticatedNetwork, host } = env();
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="app-header">
          <div className="inner">
            <Link className="brand" href="/wizard/accounts">
              Lockbridge<small>S3 replication into an Object Lock vault</small>
            </Link>
            <AppNav />
          </div>
        </header>
        {unauthenticatedNetwork ? (
          <div className="unauthenticated-banner" role="alert" aria-label="Not protected">
            <div className="inner">
              <strong>Anyone on the network can act here.</strong> Lockbridge listens on {host} with local identity
              (LOCKBRIDGE_ALLOW_UNAUTHENTICATED_NETWORK=1): names are typed, not signed in, and every visitor can use this server&apos;s AWS
              credentials. Use a sign-in proxy (LOCKBRIDGE_IDENTITY=proxy-header) or bind to 127.0.0.1.
            </div>
          </div>
        ) : null}
        {sandbox ? (
          <div className="sandbox-banner" role="note" aria-label="Sandbox">
            <div className="inner">
              <strong>Sandbox</strong>: connected to the local AWS emulator{endpoint ? ` at ${new URL(endpoint).host}` : ""}. The two
              accounts are emulated; nothing here touches real AWS. It replicates like S3 (rules, permissions checked with the same
              simulation as Diagnostics, locked replicas, Batch Replication jobs) but cannot show SCPs or RCPs, CloudWatch replication
              metrics or real latency.
            </div>
          </div>
        ) : null}
        <main id="main">{children}</main>
      </body>
    </html>
  );
}
