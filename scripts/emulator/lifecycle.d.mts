// Types for lifecycle.mjs (kept plain JS so bash, Playwright and vitest can all load it).
export interface RunningEmulator {
  endpoint: string;
  port: number;
  pid: number;
  logFile: string;
  /** moto itself (behind the replication engine when replication is on; else the same as endpoint). */
  motoEndpoint: string;
  /** SIGTERM by PID (SIGKILL after 5 s) and wait for the exit. */
  stop(): Promise<void>;
  /** Resolves when the emulator process exits for any reason. */
  exited: Promise<void>;
}
/** replication defaults to `patched`: the endpoint is then the sandbox replication engine in front of moto. */
export function startEmulator(opts?: {
  patched?: boolean;
  replication?: boolean;
  port?: number;
  logName?: string;
}): Promise<RunningEmulator>;
export function resetEmulator(endpoint: string): Promise<void>;
export function ensureVenv(): void;
export const ENDPOINT_ENV: "LOCKBRIDGE_TEST_EMULATOR_ENDPOINT";
/** A free loopback port (bind 127.0.0.1:0, read it, close). */
export function freePort(): Promise<number>;
