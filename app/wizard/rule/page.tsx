import { StepIntro } from "@/components/step-intro";
import { StepGate } from "../_components/step-gate";
import { RuleForm } from "./_components/rule-form";

export default function RulePage() {
  return (
    <>
      <StepIntro
        title="Replication rule"
        doc="https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-add-config.html"
        docLabel="AWS guide: replication configuration"
      >
        The rule on the source bucket says which new objects are copied into the vault and how. A bucket has one replication configuration,
        so Lockbridge reads it, adds or updates only its own rule (by rule ID) and writes every other rule back unchanged.
      </StepIntro>
      <StepGate slug="rule">
        <RuleForm />
      </StepGate>
    </>
  );
}
