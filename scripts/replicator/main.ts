// The sandbox replication engine's process: `tsx scripts/replicator/main.ts HOST PORT UPSTREAM`.
// Started and stopped by scripts/emulator/lifecycle.mjs together with moto (UPSTREAM); prints
// "lockbridge replicator ready" once it listens. LOCKBRIDGE_SANDBOX_REPLICATION_DELAY_MS (default 300)
// is how long a version stays PENDING before the engine replicates it. Exits when its parent does.
import { Jobs } from "./control";
import { Engine } from "./engine";
import { startProxy } from "./proxy";

const [host = "127.0.0.1", port = "0", upstream = ""] = process.argv.slice(2);
if (!/^127\.|^localhost$|^::1$/.test(host)) {
  console.error(`refusing to bind the sandbox replicator to non-loopback address ${host}`);
  process.exit(2);
}
const delayMs = Number(process.env.LOCKBRIDGE_SANDBOX_REPLICATION_DELAY_MS ?? 300);
const log = (line: string) => console.log(`[replicator] ${line}`);
const engine = new Engine(upstream, Number.isFinite(delayMs) && delayMs >= 0 ? delayMs : 300, log);
const jobs = new Jobs(engine, log);

const parent = Number(process.env.LOCKBRIDGE_EMULATOR_PARENT_PID ?? 0);
// tsx runs this file in a child process, so the launcher is not our direct parent: poll that it lives.
if (parent) {
  setInterval(() => {
    try {
      process.kill(parent, 0);
    } catch {
      process.exit(0);
    }
  }, 1000).unref();
}
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.once(sig, () => process.exit(0));

startProxy({ host, port: Number(port), upstream, engine, jobs, log }).then(
  () => console.log(`lockbridge replicator ready on http://${host}:${port} -> ${upstream} (delay ${engine.delayMs} ms)`),
  (err) => {
    console.error(`replicator could not listen on ${host}:${port}: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
