"use client";
// A link to the name prompt that brings the person back to the page they were on.
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import type { ReactNode } from "react";

export function NameLink({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  const search = useSearchParams();
  const here = `${pathname}${search.size > 0 ? `?${search.toString()}` : ""}`;
  const href = pathname.startsWith("/people") ? "/people" : `/people?next=${encodeURIComponent(here)}`;
  return <Link href={href}>{children}</Link>;
}
