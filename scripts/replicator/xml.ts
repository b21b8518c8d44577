// Just enough XML for the S3 Control job API (restXml: lists as <member>, no attributes).
import { parseXML } from "@aws-sdk/xml-builder";

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export type XmlValue = string | number | boolean | null | undefined | XmlValue[] | { [k: string]: XmlValue };

export function toXml(name: string, value: XmlValue): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 1 && "member" in value) {
    const m = value.member;
    return toXml(name, Array.isArray(m) ? m : [m]);
  }
  if (Array.isArray(value)) return `<${name}>${value.map((v) => toXml("member", v)).join("")}</${name}>`;
  if (typeof value === "object")
    return `<${name}>${Object.entries(value)
      .map(([k, v]) => toXml(k, v))
      .join("")}</${name}>`;
  return `<${name}>${escape(String(value))}</${name}>`;
}

export const document = (root: string, value: Record<string, XmlValue>) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/">${Object.entries(value)
    .map(([k, v]) => toXml(k, v))
    .join("")}</${root}>`;

export function parse(xml: string): Record<string, unknown> {
  return parseXML(xml) as Record<string, unknown>;
}

/** A restXml list as parsed: { member: x } or { member: [x, y] } or "" → array. */
export function list<T = unknown>(node: unknown): T[] {
  if (!node || typeof node !== "object") return [];
  const m = (node as { member?: T | T[] }).member;
  return m === undefined ? [] : Array.isArray(m) ? m : [m];
}

export function errorXml(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse><Error><Code>${escape(code)}</Code><Message>${escape(message)}</Message></Error><RequestId>lockbridge-sandbox</RequestId></ErrorResponse>`;
}
