// Validates the environment with lib/env.ts and prints the bind address as shell assignments.
import { EnvError, parseEnv } from "../lib/env";

try {
  const e = parseEnv(process.env);
  console.log(`LOCKBRIDGE_BIND_HOST=${e.host}\nLOCKBRIDGE_BIND_PORT=${e.port}`);
} catch (err) {
  console.error(err instanceof EnvError ? err.message : err);
  process.exit(1);
}
