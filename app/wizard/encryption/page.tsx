import { StepIntro } from "@/components/step-intro";
import { StepGate } from "../_components/step-gate";
import { EncryptionForm } from "./_components/encryption-form";

export default function EncryptionPage() {
  return (
    <>
      <StepIntro
        title="Encryption"
        doc="https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html"
        docLabel="AWS guide: replicating encrypted objects"
      >
        S3 replicates objects encrypted with SSE-KMS only when the rule asks for them and names a key for the replicas. That key must be a
        customer managed key in the vault&apos;s account and Region, and its key policy must let the replication role encrypt with it;
        Lockbridge adds that statement and leaves the rest of the policy as it is.
      </StepIntro>
      <StepGate slug="encryption">
        <EncryptionForm />
      </StepGate>
    </>
  );
}
