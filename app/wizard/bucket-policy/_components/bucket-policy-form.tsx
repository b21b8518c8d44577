"use client";
import { bucketPolicyStep } from "@/lib/schema/wizard";
import { useDraft } from "../../_components/draft-provider";
import { StepFrame } from "../../_components/step-frame";
import { StepNav } from "../../_components/step-nav";
import { useStepForm } from "../../_components/use-step-form";

/** Nothing to choose here: the statement follows from the role and the rule's owner override. */
export function BucketPolicyForm() {
  const { values } = useDraft();
  const { onNext, onBack, prev } = useStepForm<Record<string, never>>("bucket-policy", bucketPolicyStep, () => ({}));
  const ownerOverride = values.rule?.ownerOverride ?? true;
  return (
    <StepFrame focus={["bucketPolicy"]} prefixes={["destination.bucketPolicy", "accounts.destination"]}>
      <form onSubmit={onNext} noValidate className="stack">
        <div className="notice">
          <strong>The statement Lockbridge adds</strong>
          <ul className="plain-list">
            <li>
              On <span className="mono">{values.accounts.destination.bucket}/*</span>: <span className="mono">s3:ReplicateObject</span>,{" "}
              <span className="mono">s3:ReplicateDelete</span>, <span className="mono">s3:ReplicateTags</span>
              {ownerOverride ? (
                <>
                  {" "}
                  and <span className="mono">s3:ObjectOwnerOverrideToBucketOwner</span> (owner override is on in the replication rule)
                </>
              ) : null}
              .
            </li>
            <li>
              On the bucket: <span className="mono">s3:GetBucketVersioning</span>, <span className="mono">s3:PutBucketVersioning</span>.
            </li>
            <li>Principal: the replication role only. Several sources replicating into one vault share the statement.</li>
          </ul>
        </div>
        <p className="muted">
          When the live policy was read, the preview shows the merged policy as a diff: lines marked + are added, the statements listed as
          kept are untouched.
        </p>
        <StepNav onBack={onBack} backLabel={prev?.label} nextLabel="Next: Replication rule" />
      </form>
    </StepFrame>
  );
}
