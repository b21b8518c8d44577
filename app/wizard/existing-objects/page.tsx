import { StepIntro } from "@/components/step-intro";
import { ExistingObjectsForm } from "./_components/existing-objects-form";

export default function ExistingObjectsPage() {
  return (
    <>
      <StepIntro
        title="Existing objects"
        doc="https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-batch-replication-batch.html"
        docLabel="AWS guide: S3 Batch Replication"
      >
        Optional. Your rule replicates objects written from now on; objects already in the source need an S3 Batch Replication job. S3 lists
        them, replicates them with your rules and writes a completion report: the copying runs inside S3, never through this server, so it
        scales to billions of objects.
      </StepIntro>
      <ExistingObjectsForm />
    </>
  );
}
