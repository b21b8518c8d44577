// A vault: every source that replicates into it, with its rule, last apply, drift (re-read live) and
// last canary, and how many more sources its bucket and key policies can hold.
import Link from "next/link";
import { notFound } from "next/navigation";
import type { Room } from "@/lib/plan/vault";
import { vaultView, type VaultSource } from "@/lib/workflow/vault";
import { accountId, bucketName } from "@/lib/schema/primitives";
import { AddSource } from "../../_components/add-source";
import styles from "../../_components/vaults.module.css";
import { pageAccess } from "@/lib/http/page";

export const metadata = { title: "Vault · Lockbridge" };

function Drift({ s }: { s: VaultSource }) {
  if (s.drift.state === "in-sync") return <span className="text-ok">in sync</span>;
  if (s.drift.state === "drifted") return <span className="text-bad">drifted: {s.drift.changes.join("; ")}</span>;
  return <span className="muted">unknown: {s.drift.why}</span>;
}

function RoomCard({ title, room }: { title: string; room: Room | null }) {
  return (
    <div className="card stack-sm">
      <h3>{title}</h3>
      {room ? (
        <p data-testid={`room-${title.toLowerCase().replace(/\s+/g, "-")}`}>
          <strong>{room.more}</strong> more source roles fit ({room.bytes.toLocaleString("en")} of {room.limit.toLocaleString("en")} bytes
          used, about {room.perSource} bytes per source).
        </p>
      ) : (
        <p className="muted">Not read.</p>
      )}
    </div>
  );
}

export default async function VaultPage({ params }: { params: Promise<{ account: string; bucket: string }> }) {
  // Vault and onboarding details are sensitive: same door as every other page (allowed Host, known actor).
  const access = await pageAccess();
  if (!access.ok)
    return (
      <p role="alert" className="notice notice-error">
        {access.message}
      </p>
    );
  const p = await params;
  const account = accountId.safeParse(p.account);
  const bucket = bucketName.safeParse(decodeURIComponent(p.bucket));
  if (!account.success || !bucket.success) notFound();
  const view = await vaultView(account.data, bucket.data);
  const t = view.template;
  return (
    <div className="stack">
      <div className="page-intro">
        <h1>
          Vault <span className="mono">{view.bucket}</span>
        </h1>
        <p>
          Account <span className="mono">{view.accountId}</span>
          {view.region ? `, ${view.region}` : ""}. Sources come from the statements Lockbridge wrote in the vault&apos;s bucket and key
          policies and from the saved plans into it; each is re-read live now.
        </p>
      </div>
      {view.readError ? (
        <div className="notice notice-error" role="alert">
          {view.readError}
        </div>
      ) : null}
      <section className="card stack-sm" aria-labelledby="sources-title">
        <div className="actions">
          <h2 id="sources-title">Sources ({view.sources.length})</h2>
          {t ? (
            <AddSource
              vault={{
                accounts: {
                  // The wizard starts the new source blank: nothing of another team's source (its account,
                  // bucket, access role or ExternalId) is sent to this page.
                  source: { accountId: "", region: t.accounts.destination.region, bucket: "", access: "role", roleArn: "", externalId: "" },
                  destination: {
                    ...t.accounts.destination,
                    roleArn: t.accounts.destination.roleArn ?? "",
                    externalId: t.accounts.destination.externalId ?? "",
                  },
                },
                // The retention as planned, never a typed confirmation of another plan.
                objectLock: { ...t.objectLock, downgradeConfirmation: undefined },
                encryption: t.encryption,
              }}
            />
          ) : null}
          <Link
            className="btn"
            href={`/onboard/plan?${new URLSearchParams({
              vaultAccount: view.accountId,
              vaultBucket: view.bucket,
              vaultRegion: view.region ?? "",
              vaultRole: t?.accounts.destination.roleArn ?? "",
            }).toString()}`}
          >
            Add several sources
          </Link>
        </div>
        {view.sources.length === 0 ? (
          <p className="muted">No source replicates into this vault yet.</p>
        ) : (
          <div className={styles.scroll}>
            <table className={`data-table ${styles.sources}`} data-testid="vault-sources">
              <caption className="visually-hidden">Sources replicating into the vault</caption>
              <thead>
                <tr>
                  <th scope="col">Source</th>
                  <th scope="col">Rule</th>
                  <th scope="col">Last apply</th>
                  <th scope="col">Drift</th>
                  <th scope="col">Last canary</th>
                  <th scope="col">Vault policies</th>
                </tr>
              </thead>
              <tbody>
                {view.sources.map((s) => (
                  <tr key={s.roleArn} data-source={s.sourceBucket ?? s.roleArn}>
                    <td>
                      <span className="mono">{s.sourceBucket ?? "(unknown bucket)"}</span> in{" "}
                      <span className="mono">{s.sourceAccount}</span>
                      <br />
                      <span className="mono muted">{s.roleArn}</span>
                      {s.planId ? (
                        <>
                          <br />
                          <Link href={`/plans/${s.planId}`}>plan {s.planId.slice(0, 8)}</Link> ({s.planStatus})
                        </>
                      ) : null}
                    </td>
                    <td>
                      {s.rule === "Enabled" ? (
                        <span className="text-ok">present, enabled</span>
                      ) : s.rule === "unknown" ? (
                        <span className="muted">unknown</span>
                      ) : (
                        <span className="text-bad">{s.rule === "missing" ? "missing" : "present, disabled"}</span>
                      )}
                    </td>
                    <td>{s.lastApply ?? <span className="muted">never</span>}</td>
                    <td>
                      <Drift s={s} />
                    </td>
                    <td>{s.canary ?? <span className="muted">none</span>}</td>
                    <td>
                      bucket policy: {s.inBucketPolicy ? "yes" : "no"}
                      {s.inKeyPolicy === null ? null : <>, key policy: {s.inKeyPolicy ? "yes" : "no"}</>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="room-title" className="stack-sm">
        <h2 id="room-title">Room left</h2>
        <div className={styles.room}>
          <RoomCard title="Bucket policy" room={view.bucketRoom} />
          {view.keyArn ? <RoomCard title="Key policy" room={view.keyRoom} /> : null}
        </div>
      </section>
    </div>
  );
}
