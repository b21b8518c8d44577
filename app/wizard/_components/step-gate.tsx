"use client";
import Link from "next/link";
import { Fragment, type ReactNode } from "react";
import type { StepSlug } from "../steps";
import { useDraft } from "./draft-provider";
import type { StepState } from "./step-status";
import { useStepStates } from "./use-step-states";

const Loading = () => (
  <p className="muted" role="status">
    Loading your draft…
  </p>
);

/** Why a step is not done, in words, for the "finish first" notices. */
function why(s: StepState): string {
  return s.review ?? s.problem ?? "not completed yet.";
}

function FinishFirst({ open, title, lead }: { open: StepState[]; title: string; lead: string }) {
  return (
    <div className="notice notice-warn" role="status">
      <strong>{title}</strong>
      {lead}
      <ul className="problem-list">
        {open.map((s) => (
          <li key={s.slug}>
            <Link href={s.href}>{s.label}</Link>: {why(s)}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * Renders a step only once the stored draft is loaded (forms start from it) and every earlier step is
 * done; otherwise lists the steps to finish first and why. The first step is always open. "apply"
 * (and the steps after it) need every step done, Object Lock confirmed for exactly what the input asks.
 */
export function StepGate({ slug, children }: { slug: StepSlug | "apply"; children: ReactNode }) {
  const { loaded, revision } = useDraft();
  // The first step is always open: it needs no step states (and so not the schemas) to render.
  const states = useStepStates(slug !== "accounts");
  let notice: ReactNode = null;
  if (!loaded) return <Loading />;
  if (slug !== "accounts") {
    if (!states) return <Loading />;
    const formSteps = states.filter((s) => s.slug !== "review");
    if (slug === "apply") {
      const open = formSteps.filter((s) => !s.done);
      const review = states.find((s) => s.slug === "review");
      if (open.length > 0 || !review?.valid) {
        return (
          <FinishFirst
            open={open}
            title="Finish the earlier steps first"
            lead="Apply acts on the reviewed input, and these steps are not done:"
          />
        );
      }
    } else {
      const i = states.findIndex((s) => s.slug === slug);
      const me = states[i];
      if (me && !me.available) {
        const open = states.slice(0, i).filter((s) => !s.done);
        return <FinishFirst open={open} title="Finish the earlier steps first" lead="This step builds on the ones before it:" />;
      }
      if (me?.review) {
        notice = (
          <div className="notice notice-warn" role="status">
            <strong>Check this step again</strong>
            {me.review}
          </div>
        );
      }
    }
  }
  // A new revision (template, import, start over) remounts the form so it starts from the new values.
  return (
    <>
      {notice}
      <Fragment key={revision}>{children}</Fragment>
    </>
  );
}
