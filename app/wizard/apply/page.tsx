import { StepIntro } from "@/components/step-intro";
import { env } from "@/lib/env";
import { IdentityError, actorOrNull } from "@/lib/people";
import { StepGate } from "../_components/step-gate";
import { ApplyPanel } from "./_components/apply-panel";

/** Who is acting, checked before anything is offered: the audit log records who applied. */
async function person(): Promise<{ name?: string; problem?: string }> {
  try {
    const actor = await actorOrNull();
    if (actor) return { name: actor.name };
    return {
      problem:
        env().identity.mode === "local"
          ? "name"
          : "Your sign-in did not reach Lockbridge: sign in again through your organisation's proxy.",
    };
  } catch (err) {
    if (err instanceof IdentityError) return { problem: err.message };
    throw err;
  }
}

export default async function ApplyPage() {
  const who = await person();
  return (
    <>
      <StepIntro
        title="Apply"
        doc="https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-walkthrough-2.html"
        docLabel="AWS guide: replication across accounts"
      >
        Lockbridge re-reads both accounts, rebuilds the plan and applies only if it is still the plan you reviewed, in dependency order.
        Each API call shows its AWS request ID. If a step fails, nothing is rolled back: fix the cause and resume. Applying again when
        everything is in place changes nothing.
      </StepIntro>
      <StepGate slug="apply">
        <ApplyPanel person={who} />
      </StepGate>
    </>
  );
}
