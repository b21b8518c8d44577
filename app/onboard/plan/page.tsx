// Plan several sources: pick buckets of one or more connected source accounts, name the vault, and save
// ONE plan for all of them (reviewed, approved and applied like any saved plan).
import Link from "next/link";
import { env } from "@/lib/env";
import { pageAccess } from "@/lib/http/page";
import { ManyForm } from "../_components/many-form";

export const metadata = { title: "Plan several sources · Lockbridge" };

const param = (v: string | string[] | undefined, max: number) => (typeof v === "string" && v.length <= max ? v : "");

export default async function ManySourcesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const access = await pageAccess();
  if (!access.ok)
    return (
      <p role="alert" className="notice notice-error">
        {access.message}
      </p>
    );
  // From a vault page: its side is filled in (the server validates it like anything typed).
  const sp = await searchParams;
  const vault = {
    accountId: param(sp.vaultAccount, 12),
    region: param(sp.vaultRegion, 30) || env().defaultRegion,
    bucket: param(sp.vaultBucket, 63),
    roleArn: param(sp.vaultRole, 2048),
    externalId: "",
  };
  return (
    <div className="stack">
      <div className="page-intro">
        <h1 id="many-title">Plan several sources</h1>
        <p>
          One plan protects every bucket you pick here: a replication role and rule per bucket (or one role per account), and one write to
          the vault&apos;s bucket policy and key policy. It is saved for review; someone else approves it before it is applied. A new
          account needs its access role first: <Link href="/onboard">onboard it</Link>.
        </p>
      </div>
      <ManyForm defaultRegion={env().defaultRegion} initialVault={vault} />
    </div>
  );
}
