"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

export type StepLink = { href: string; label: string; available: boolean; done?: boolean };

/** The wizard's steps in the AWS guide's order; unavailable steps are shown but not links. */
export function Stepper({ steps }: { steps: StepLink[] }) {
  const pathname = usePathname();
  return (
    <nav className="stepper" aria-label="Wizard steps">
      <ol>
        {steps.map((s) => {
          const current = pathname === s.href;
          const cls = s.done && !current ? "done" : undefined;
          return (
            <li key={s.href}>
              {s.available || current ? (
                <Link href={s.href} aria-current={current ? "step" : undefined} className={cls}>
                  {s.label}
                </Link>
              ) : (
                <span className="step" aria-disabled="true">
                  {s.label}
                </span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
