// Words for the checks zod makes on its own (a value of the wrong type, an option that is not offered,
// a text too short). Its built-in messages are written for programmers ("Invalid option: expected one
// of \"role\"|\"server\"", "expected boolean, received string") and reach people through imported files
// and server refusals. Every message written on a schema still wins over these.
import * as z from "zod/mini";

const TYPE_WORDS: Record<string, string> = {
  boolean: "Must be true or false.",
  number: "Enter a number.",
  int: "Enter a whole number.",
  string: "Enter text.",
  object: "Must be a group of fields (a JSON object).",
  array: "Must be a list.",
  date: "Enter a date.",
};

const list = (values: readonly unknown[]) => values.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join(", ");
const chars = (n: unknown) => `${String(n)} character${n === 1 ? "" : "s"}`;

z.config({
  customError: (iss) => {
    switch (iss.code) {
      case "invalid_type":
        if (iss.input === undefined) return "Required.";
        return TYPE_WORDS[String(iss.expected)] ?? "This value has the wrong type.";
      case "invalid_value":
        return iss.values.length === 1 ? `Must be ${list(iss.values)}.` : `Choose one of: ${list(iss.values)}.`;
      case "invalid_union":
        return "Not one of the choices Lockbridge offers here.";
      case "too_small":
        if (iss.origin === "string") return Number(iss.minimum) <= 1 ? "Required." : `At least ${chars(iss.minimum)}.`;
        if (iss.origin === "array") return `At least ${String(iss.minimum)} item${iss.minimum === 1 ? "" : "s"}.`;
        return `At least ${String(iss.minimum)}.`;
      case "too_big":
        if (iss.origin === "string") return `At most ${chars(iss.maximum)}.`;
        if (iss.origin === "array") return `At most ${String(iss.maximum)} item${iss.maximum === 1 ? "" : "s"}.`;
        return `At most ${String(iss.maximum)}.`;
      case "invalid_format":
        return "Not in the right format.";
      case "not_multiple_of":
        return `Must be a multiple of ${String(iss.divisor)}.`;
      default:
        return undefined;
    }
  },
});
