// Exhaustiveness for switches over a change's action: `default: return unhandled(c)` only compiles
// when every action has a case, so the compiler lists each place a new action must be handled.
import type { Change } from "./types";

export function unhandled(c: never): never {
  throw new Error(`Unhandled change action: ${(c as Change).action}`);
}
