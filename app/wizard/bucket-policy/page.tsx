import { StepIntro } from "@/components/step-intro";
import { StepGate } from "../_components/step-gate";
import { BucketPolicyForm } from "./_components/bucket-policy-form";

export default function BucketPolicyPage() {
  return (
    <>
      <StepIntro
        title="Destination bucket policy"
        doc="https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-walkthrough-2.html"
        docLabel="AWS guide: replication across accounts"
      >
        The vault belongs to another account, so its bucket policy must let the replication role write replicas into it. Lockbridge merges
        one statement, named by its Sid, into the policy; every other statement, Deny statements included, is kept exactly as it is.
      </StepIntro>
      <StepGate slug="bucket-policy">
        <BucketPolicyForm />
      </StepGate>
    </>
  );
}
