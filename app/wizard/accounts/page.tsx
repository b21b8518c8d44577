import { env } from "@/lib/env";
import { StepIntro } from "@/components/step-intro";
import { StepGate } from "../_components/step-gate";
import { AccountsForm } from "./_components/accounts-form";

export const dynamic = "force-dynamic";

export default function AccountsPage() {
  const { sandbox, defaultRegion } = env();
  return (
    <>
      <StepIntro
        title="Accounts and buckets"
        doc="https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-walkthrough-2.html"
        docLabel="AWS guide: replication across accounts"
      >
        Name the bucket to copy from and the vault bucket to copy into, each in its own AWS account, and how Lockbridge reaches each
        account. Connecting proves which identity was reached before anything else happens; choose &ldquo;Plan only&rdquo; to prepare
        documents for an account you cannot access.
      </StepIntro>
      <StepGate slug="accounts">
        <AccountsForm sandbox={sandbox} defaultRegion={defaultRegion} />
      </StepGate>
    </>
  );
}
