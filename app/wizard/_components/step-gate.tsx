"use client";
import Link from "next/link";
import { Fragment, type ReactNode } from "react";
import type { StepSlug } from "../steps";
import { useDraft } from "./draft-provider";
import { useStepStates } from "./use-step-states";

const Loading = () => (
  <p className="muted" role="status">
    Loading your draft…
  </p>
);

/**
 * Renders a step only once the stored draft is loaded (forms start from it) and every earlier step is
 * done; otherwise points at the step to finish first. The first step is always open.
 */
export function StepGate({ slug, children }: { slug: StepSlug; children: ReactNode }) {
  const { loaded, revision } = useDraft();
  const states = useStepStates();
  if (!loaded) return <Loading />;
  if (slug !== "accounts") {
    if (!states) return <Loading />;
    const me = states.find((s) => s.slug === slug);
    if (me && !me.available) {
      const open = states.find((s) => !s.done) ?? states[0]!;
      return (
        <div className="notice notice-warn">
          <strong>Finish the earlier steps first</strong>
          This step builds on the ones before it. Continue with <Link href={open.href}>{open.label}</Link>.
        </div>
      );
    }
  }
  // A new revision (template, import, start over) remounts the form so it starts from the new values.
  return <Fragment key={revision}>{children}</Fragment>;
}
