"use client";
// A refused or failed plan action, in the words the server chose (lifecycle and identity messages are
// written for the person acting), with details and a way to name yourself when that is what is missing.
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ActionResult } from "../actions";

export function ActionNotice({ result }: { result: ActionResult<object> | undefined }) {
  const path = usePathname();
  if (!result || result.ok) return null;
  return (
    <div className="notice notice-error" role="alert">
      <strong>{result.message}</strong>
      {result.details?.length ? (
        <ul className="problem-list">
          {result.details.map((d, i) => (
            <li key={i}>{d}</li>
          ))}
        </ul>
      ) : null}
      {result.fieldErrors ? (
        <ul className="problem-list">
          {Object.entries(result.fieldErrors).map(([p, m]) => (
            <li key={p}>
              <span className="mono">{p}</span>: {m}
            </li>
          ))}
        </ul>
      ) : null}
      {result.needsName ? <Link href={`/people?next=${encodeURIComponent(path)}`}>Give your name</Link> : null}
    </div>
  );
}
