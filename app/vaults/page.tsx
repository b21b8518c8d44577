// Vaults Lockbridge knows from saved plans, each with its page.
import Link from "next/link";
import { knownAccounts } from "@/lib/workflow/vault";
import { pageAccess } from "@/lib/http/page";

export const metadata = { title: "Vaults · Lockbridge" };

export default async function VaultsPage() {
  // Vault and onboarding details are sensitive: same door as every other page (allowed Host, known actor).
  const access = await pageAccess();
  if (!access.ok)
    return (
      <p role="alert" className="notice notice-error">
        {access.message}
      </p>
    );
  const { vaults } = await knownAccounts();
  return (
    <div className="stack">
      <div className="page-intro">
        <h1>Vaults</h1>
        <p>
          Every destination bucket a saved plan replicates into. Open one to see its sources, their drift and the room left in its policies.
        </p>
      </div>
      {vaults.length === 0 ? (
        <p className="muted">
          No saved plan yet. <Link href="/onboard">Onboard an account</Link> or start the <Link href="/wizard/accounts">wizard</Link>.
        </p>
      ) : (
        <table className="data-table">
          <caption className="visually-hidden">Vaults</caption>
          <thead>
            <tr>
              <th scope="col">Vault</th>
              <th scope="col">Account</th>
              <th scope="col">Region</th>
              <th scope="col">Source buckets in saved plans</th>
            </tr>
          </thead>
          <tbody>
            {vaults.map((v) => (
              <tr key={`${v.accountId}/${v.bucket}`}>
                <td>
                  <Link className="mono" href={`/vaults/${v.accountId}/${v.bucket}`}>
                    {v.bucket}
                  </Link>
                </td>
                <td className="mono">{v.accountId}</td>
                <td>{v.region}</td>
                <td>{v.sources}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
