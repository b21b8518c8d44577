import { StepIntro } from "@/components/step-intro";
import { ApplyPanel } from "./_components/apply-panel";

export default function ApplyPage() {
  return (
    <>
      <StepIntro
        title="Apply"
        doc="https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-walkthrough-2.html"
        docLabel="AWS guide: replication across accounts"
      >
        Lockbridge re-reads both accounts, rebuilds the plan and applies only if it is still the plan you reviewed, in
        dependency order. Each API call shows its AWS request ID. If a step fails, nothing is rolled back: fix the
        cause and resume. Applying again when everything is in place changes nothing.
      </StepIntro>
      <ApplyPanel />
    </>
  );
}
