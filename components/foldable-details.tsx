"use client";
import { type ReactNode, useEffect, useRef } from "react";

/** The width below which long pages fold their documents (the same breakpoint as the phone CSS). */
const PHONE = "(max-width: 640px)";

/**
 * A <details> that starts as `open` says, and on a phone starts folded when `foldOnPhone` is set: a plan
 * page with every document open is several screens of JSON on a 390 px screen, while the list of calls
 * above it already says in words what each document does. The person opens the one they want to read.
 */
export function FoldableDetails({
  open,
  foldOnPhone = false,
  className,
  children,
  ...data
}: {
  open: boolean;
  foldOnPhone?: boolean;
  className?: string;
  children: ReactNode;
  [data: `data-${string}`]: string | undefined;
}) {
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    if (foldOnPhone && ref.current && window.matchMedia(PHONE).matches) ref.current.open = false;
  }, [foldOnPhone]);
  return (
    <details ref={ref} className={className} open={open} {...data}>
      {children}
    </details>
  );
}
