import { StepIntro } from "@/components/step-intro";
import { StepGate } from "../_components/step-gate";
import { Review } from "./_components/review";

export default function ReviewPage() {
  return (
    <>
      <StepIntro
        title="Review"
        doc="https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-walkthrough-2.html"
        docLabel="AWS guide: replication across accounts"
      >
        Everything Lockbridge would write, in the order it would write it, compared with what is live now. Read the warnings, download the
        exports if you apply the changes yourself, or continue to apply them from here.
      </StepIntro>
      <StepGate slug="review">
        <Review />
      </StepGate>
    </>
  );
}
