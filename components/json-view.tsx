import { tokenizeJsonLine } from "./json-tokens";

/** One line of JSON with coloured tokens (plain spans: no client JS needed). */
export function JsonLine({ text }: { text: string }) {
  return (
    <>
      {tokenizeJsonLine(text).map((t, i) =>
        t.kind === "text" ? (
          t.text
        ) : (
          <span key={i} className={`tok-${t.kind}`}>
            {t.text}
          </span>
        ),
      )}
    </>
  );
}

/**
 * Pretty JSON with syntax colouring. The block scrolls, so it is focusable and labelled: keyboard users
 * can scroll it too (axe: scrollable-region-focusable).
 */
export function JsonView({ text, label }: { text: string; label: string }) {
  return (
    <pre className="code" tabIndex={0} aria-label={label}>
      <code>
        {text.split("\n").map((line, i) => (
          <span key={i} className="code-line">
            <JsonLine text={line} />
            {"\n"}
          </span>
        ))}
      </code>
    </pre>
  );
}
