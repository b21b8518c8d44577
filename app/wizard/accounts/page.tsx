import { env } from "@/lib/env";
import { AccountsForm } from "./_components/accounts-form";

export const dynamic = "force-dynamic";

export default function AccountsPage() {
  const { sandbox, defaultRegion } = env();
  return (
    <>
      <div className="page-intro">
        <h1>Accounts and buckets</h1>
        <p>
          Name the bucket to copy from and the vault bucket to copy into, each in its own AWS account, and how Lockbridge
          reaches each account. Connecting proves which identity was reached before anything else happens; choose
          &ldquo;Plan only&rdquo; to prepare documents for an account you cannot access.{" "}
          <a href="https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-walkthrough-2.html" target="_blank" rel="noreferrer">
            AWS guide: replication across accounts
          </a>
        </p>
      </div>
      <AccountsForm sandbox={sandbox} defaultRegion={defaultRegion} />
    </>
  );
}
