// Onboard an account: generate the access role Lockbridge needs there, run it, Check it. When the
// server may list its AWS Organization's accounts, they are listed with the ones already onboarded.
import Link from "next/link";
import { organizationAccounts } from "@/lib/aws/onboard";
import { env } from "@/lib/env";
import { knownAccounts } from "@/lib/workflow/vault";
import { accountId as accountIdSchema } from "@/lib/schema/primitives";
import { OnboardFlow } from "./_components/onboard-flow";
import { pageAccess } from "@/lib/http/page";

export const metadata = { title: "Onboard an account · Lockbridge" };

export default async function OnboardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // Vault and onboarding details are sensitive: same door as every other page (allowed Host, known actor).
  const access = await pageAccess();
  if (!access.ok)
    return (
      <p role="alert" className="notice notice-error">
        {access.message}
      </p>
    );
  const sp = await searchParams;
  const picked = accountIdSchema.safeParse(sp.account);
  const [org, known] = await Promise.all([organizationAccounts(), knownAccounts()]);
  return (
    <div className="stack">
      <div className="page-intro">
        <h1>Onboard an account</h1>
        <p>
          A new account needs an access role before Lockbridge can plan anything there. Lockbridge writes that role for you: only the calls
          its plans make, on the buckets you name, trusted by this server alone with a fresh ExternalId. Run it once in the account, then
          Check.
        </p>
        <p>
          Accounts already connected? <Link href="/onboard/plan">Plan several sources</Link>: pick buckets of one or more source accounts
          and protect them all into one vault in one plan.
        </p>
      </div>
      <section className="card stack-sm" aria-labelledby="org-title">
        <h2 id="org-title">Your organization&apos;s accounts</h2>
        {org.available ? (
          <table className="data-table" data-testid="org-accounts">
            <caption className="visually-hidden">Accounts of the AWS Organization</caption>
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col">Lockbridge</th>
              </tr>
            </thead>
            <tbody>
              {org.accounts.map((a) => (
                <tr key={a.id}>
                  <td className="mono">{a.id}</td>
                  <td>{a.name}</td>
                  <td>{a.status}</td>
                  <td>{known.accounts.has(a.id) ? "onboarded" : <Link href={`/onboard?account=${a.id}`}>Onboard</Link>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p data-testid="org-unavailable">
            This server&apos;s credentials may not list the organization&apos;s accounts (organizations:ListAccounts works only from the
            management account or a delegated administrator): <span className="muted">{org.why.replace(/\.+$/, "")}</span>. Type the account
            ID below.
          </p>
        )}
      </section>
      <OnboardFlow defaultRegion={env().defaultRegion} initialAccount={picked.success ? picked.data : ""} />
    </div>
  );
}
