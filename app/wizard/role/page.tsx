import { StepIntro } from "@/components/step-intro";
import { StepGate } from "../_components/step-gate";
import { RoleForm } from "./_components/role-form";

export default function RolePage() {
  return (
    <>
      <StepIntro
        title="Replication role"
        doc="https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html"
        docLabel="AWS guide: permissions for replication"
      >
        S3 replicates by assuming an IAM role in the source account. The role trusts only the S3 service, may read object versions from the
        source bucket and may write replicas into the vault, nothing more. Create a new role, or reuse one you have: Lockbridge then adds
        only the permissions it lacks.
      </StepIntro>
      <StepGate slug="role">
        <RoleForm />
      </StepGate>
    </>
  );
}
