import { StepIntro } from "@/components/step-intro";
import { StepGate } from "../_components/step-gate";
import { ObjectLockForm } from "./_components/object-lock-form";

export default function ObjectLockPage() {
  return (
    <>
      <StepIntro
        title="Destination Object Lock"
        doc="https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html"
        docLabel="AWS guide: S3 Object Lock"
      >
        Object Lock makes every object version in the vault write-once-read-many: nobody can delete or overwrite it until its retention date
        has passed. Lockbridge turns on versioning and Object Lock on the destination bucket (this works on existing buckets) and can set a
        default retention that every replica receives.
      </StepIntro>
      <StepGate slug="object-lock">
        <ObjectLockForm />
      </StepGate>
    </>
  );
}
