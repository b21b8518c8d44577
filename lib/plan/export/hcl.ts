// Minimal HCL writer: quoted strings with HCL escapes, heredoc JSON, and S3 API objects as nested blocks.
import { isObject, prettyJson } from "../canonical";
import type { Json } from "../types";
import { heredocDelimiter } from "./common";

// Function replacers: in a replacement string "$$" would mean a single "$".
const escapeTemplates = (s: string) => s.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");

/** HCL quoted string: JSON-like escapes, plus "$${" and "%%{" so nothing is interpolated. */
export function hclString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20) out += `\\u${code.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return `${escapeTemplates(out)}"`;
}

/** A JSON document as an HCL heredoc (template sequences escaped). */
export function hclJsonHeredoc(doc: Json | null): string {
  const body = escapeTemplates(prettyJson(doc));
  const d = heredocDelimiter(body, "EOT");
  return `<<${d}\n${body}\n${d}`;
}

const snake = (k: string) => k.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();

function scalar(v: Json): string {
  return typeof v === "string" ? hclString(v) : JSON.stringify(v);
}

/**
 * An S3 API object (PascalCase) as Terraform blocks (snake_case): objects become blocks, lists of
 * objects repeated blocks, scalars attributes. `Filter.And.Tags` is a map attribute in the provider.
 */
export function hclBody(obj: { [k: string]: Json }, indent: string, parentKey = ""): string[] {
  const lines: string[] = [];
  for (const [k, v] of Object.entries(obj)) {
    const name = snake(k);
    if (parentKey === "And" && k === "Tags" && Array.isArray(v)) {
      const entries = v.filter(isObject).map((t) => `${indent}  ${hclString(String(t.Key ?? ""))} = ${hclString(String(t.Value ?? ""))}`);
      lines.push(`${indent}tags = {`, ...entries, `${indent}}`);
    } else if (isObject(v)) {
      const inner = hclBody(v, `${indent}  `, k);
      lines.push(
        inner.length === 0 ? `${indent}${name} {}` : `${indent}${name} {`,
        ...inner,
        ...(inner.length === 0 ? [] : [`${indent}}`]),
      );
    } else if (Array.isArray(v) && v.every(isObject)) {
      for (const item of v) lines.push(`${indent}${name} {`, ...hclBody(item as { [k: string]: Json }, `${indent}  `, k), `${indent}}`);
    } else if (Array.isArray(v)) {
      lines.push(`${indent}${name} = [${v.map(scalar).join(", ")}]`);
    } else if (v !== null) {
      lines.push(`${indent}${name} = ${scalar(v)}`);
    }
  }
  return lines;
}
