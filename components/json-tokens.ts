// A tiny JSON tokenizer for syntax colouring. It works line by line on pretty-printed JSON (diff rows
// are single lines), so it is lenient: anything it does not recognise is emitted as plain text.
export type TokenKind = "key" | "str" | "num" | "lit" | "punct" | "text";
export type Token = { kind: TokenKind; text: string };

const PATTERN = /("(?:[^"\\]|\\.)*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|\b(true|false|null)\b|([{}[\],:])|([^"\d{}[\],:tfn-]+|.)/g;

export function tokenizeJsonLine(line: string): Token[] {
  const out: Token[] = [];
  const push = (kind: TokenKind, text: string) => {
    const last = out[out.length - 1];
    // Merge neighbours of one kind so a line renders as few spans as possible.
    if (last && last.kind === kind) last.text += text;
    else out.push({ kind, text });
  };
  for (const m of line.matchAll(PATTERN)) {
    if (m[1] !== undefined) {
      if (m[2] !== undefined) {
        push("key", m[1]);
        push("punct", m[2]);
      } else push("str", m[1]);
    } else if (m[3] !== undefined) push("num", m[3]);
    else if (m[4] !== undefined) push("lit", m[4]);
    else if (m[5] !== undefined) push("punct", m[5]);
    else push("text", m[0]);
  }
  return out;
}
