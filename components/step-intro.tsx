import type { ReactNode } from "react";

/** A step's title and two or three plain sentences on what it does and why, with the AWS page. */
export function StepIntro({ title, children, doc, docLabel }: { title: string; children: ReactNode; doc: string; docLabel: string }) {
  return (
    <div className="page-intro">
      <h1>{title}</h1>
      <p>
        {children}{" "}
        <a href={doc} target="_blank" rel="noreferrer">
          {docLabel}
          <span className="visually-hidden"> (opens in a new tab)</span>
        </a>
      </p>
    </div>
  );
}
