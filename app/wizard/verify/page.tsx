import { StepIntro } from "@/components/step-intro";
import { VerifyPanel } from "./_components/verify-panel";
import { MAX_WAIT_SECONDS, MIN_WAIT_SECONDS } from "./limits";

/** ?wait=SECONDS presets "Wait up to" (the browser tests use a short one). */
export default async function VerifyPage({ searchParams }: { searchParams: Promise<{ wait?: string }> }) {
  const wait = Number((await searchParams).wait);
  const initialWait = Number.isInteger(wait) && wait >= MIN_WAIT_SECONDS && wait <= MAX_WAIT_SECONDS ? wait : undefined;
  return (
    <>
      <StepIntro
        title="Verify"
        doc="https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-status.html"
        docLabel="AWS guide: replication status"
      >
        Lockbridge uploads a small canary object that your rule covers, watches its replication status, then reads the replica in the vault
        with the destination account&apos;s credentials: it must say REPLICA and carry the vault&apos;s Object Lock retention. Only what is
        observed is reported.
      </StepIntro>
      <VerifyPanel initialWait={initialWait} />
    </>
  );
}
