"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";

export type StepLink = {
  href: string;
  label: string;
  available: boolean;
  done?: boolean;
  invalid?: boolean;
  /** Completed before, but something it builds on changed: why it must be checked again. */
  review?: string;
};

/**
 * The wizard's steps in the AWS guide's order. Done steps carry a check, steps that need attention a
 * mark; steps not reachable yet are shown but are not links. The state is also spelled out for screen
 * readers, since the marks are visual only.
 */
export function Stepper({ steps }: { steps: StepLink[] }) {
  const pathname = usePathname();
  const list = useRef<HTMLOListElement>(null);
  // On narrow screens the list scrolls sideways: bring the current step into view (no vertical jump).
  useEffect(() => {
    const ol = list.current;
    const el = ol?.querySelector<HTMLElement>('[aria-current="step"]')?.parentElement;
    if (ol && el && ol.scrollWidth > ol.clientWidth) ol.scrollLeft = el.offsetLeft - ol.offsetLeft - (ol.clientWidth - el.offsetWidth) / 2;
  }, [pathname]);
  return (
    <nav className="stepper" aria-label="Wizard steps">
      <ol ref={list}>
        {steps.map((s) => {
          const current = pathname === s.href;
          const cls =
            [s.done ? "done" : "", s.review && !s.done ? "review" : "", s.invalid && !s.done && !s.review ? "invalid" : ""]
              .filter(Boolean)
              .join(" ") || undefined;
          const state = s.done
            ? " (done)"
            : s.review
              ? " (check again)"
              : s.invalid
                ? " (needs attention)"
                : s.available || current
                  ? ""
                  : " (not available yet)";
          return (
            <li key={s.href}>
              {s.available || current ? (
                <Link href={s.href} aria-current={current ? "step" : undefined} className={cls} title={s.review}>
                  {s.label}
                  {state ? <span className="visually-hidden">{state}</span> : null}
                </Link>
              ) : (
                <span className={`step${s.review ? " review" : ""}`} aria-disabled="true" title={s.review}>
                  {s.label}
                  <span className="visually-hidden">{state}</span>
                </span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
