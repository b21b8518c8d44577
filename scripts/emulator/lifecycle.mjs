// Starts and stops the moto emulator (scripts/emulator/server.py) for tests, Playwright and demos.
// Plain Node ESM so bash scripts, Playwright globalSetup and vitest globalSetup can all import it.
//
// API:
//   startEmulator({ patched = true, replication = patched, port, logName } = {})
//     (log: .run/<logName ?? emulator-PORT.log>, removed by a clean stop(); kept with its tail in the
//     error when startup fails)
//     -> Promise<{ endpoint, port, pid, logFile, motoEndpoint, stop(): Promise<void>, exited: Promise<void> }>
//   With replication (the default for the patched emulator), `endpoint` is the sandbox replication
//   engine (scripts/replicator, run by tsx): a proxy in front of moto that replicates like S3 and
//   answers S3 Control Batch Operations; moto itself listens on a second loopback port (motoEndpoint).
//   Both processes start and stop together; `exited` resolves when either exits.
//   LOCKBRIDGE_SANDBOX_REPLICATION_DELAY_MS (default 300) sets how long a version stays PENDING.
//   resetEmulator(endpoint) -> Promise<void>   (POST /moto-api/reset: wipes every account's state)
//   ensureVenv() -> void                        (runs scripts/emulator/setup.sh; throws with its output)
//   freePort() -> Promise<number>              (a free 127.0.0.1 port, e.g. for the app server)
//   ENDPOINT_ENV = "LOCKBRIDGE_TEST_EMULATOR_ENDPOINT"
//
// CLI (foreground; stop it with SIGINT/SIGTERM/SIGHUP to its PID, which also stops moto; if
// this process is killed outright, moto notices it lost its parent and exits within ~1 s):
//   node scripts/emulator/lifecycle.mjs start [--port N] [--unpatched]
//   Writes .run/emulator.json {endpoint, port, pid, logFile} (pid = this Node process) once moto answers,
//   prints the same JSON on stdout, and removes the file on exit.
//   e.g.  node scripts/emulator/lifecycle.mjs start & EMU_PID=$!; ...; kill $EMU_PID
import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const RUN_DIR = join(ROOT, ".run");
const PYTHON = join(ROOT, ".venv", "bin", "python");
const SERVER = join(ROOT, "scripts", "emulator", "server.py");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");
const REPLICATOR = join(ROOT, "scripts", "replicator", "main.ts");
const READY_TIMEOUT_MS = 30_000;
/** Where the vitest globalSetup publishes the run's emulator endpoint for test workers. */
export const ENDPOINT_ENV = "LOCKBRIDGE_TEST_EMULATOR_ENDPOINT";

export function ensureVenv() {
  const r = spawnSync("bash", [join(ROOT, "scripts", "emulator", "setup.sh")], { encoding: "utf8" });
  if (r.status !== 0) {
    throw new Error(`scripts/emulator/setup.sh failed (exit ${r.status}):\n${r.stderr || r.stdout}`);
  }
}

// Port 0 lets the OS choose a free port; there is a small race until moto binds it, which is
// acceptable for a loopback test server (a clash shows up as an early exit with the log tail).
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function assertPortFree(port) {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", (err) => reject(new Error(`emulator port ${port} is not free on 127.0.0.1: ${err.code ?? err.message}`)));
    srv.listen(port, "127.0.0.1", () => srv.close(() => resolve()));
  });
}

function tail(file, lines = 30) {
  try {
    return readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function spawnLogged(cmd, args, logFile, env) {
  const fd = openSync(logFile, "a");
  const child = spawn(cmd, args, { cwd: ROOT, env, detached: false, stdio: ["ignore", fd, fd] });
  closeSync(fd); // the child holds its own copy
  const proc = { child, exited: null };
  proc.exitPromise = new Promise((resolve) => {
    child.once("exit", (code, signal) => {
      proc.exited = { code, signal };
      resolve();
    });
  });
  return proc;
}

async function stopProc(proc) {
  if (proc.exited) return;
  proc.child.kill("SIGTERM");
  const timer = setTimeout(() => !proc.exited && proc.child.kill("SIGKILL"), 5_000);
  await proc.exitPromise;
  clearTimeout(timer);
}

export async function startEmulator({ patched = true, replication = patched, port, logName } = {}) {
  if (!existsSync(PYTHON)) {
    throw new Error(`emulator venv missing (${PYTHON}); run scripts/emulator/setup.sh first`);
  }
  // A given port must be free: otherwise the readiness probe could be answered by whatever
  // already listens there (say, a forgotten emulator) while ours fails to bind.
  const chosen = port ?? (await freePort());
  if (port) await assertPortFree(port);
  const motoPort = replication ? await freePort() : chosen;
  mkdirSync(RUN_DIR, { recursive: true });
  const logFile = join(RUN_DIR, logName ?? `emulator-${chosen}.log`);
  closeSync(openSync(logFile, "w"));
  const env = { ...process.env, PYTHONUNBUFFERED: "1", LOCKBRIDGE_EMULATOR_PARENT_PID: String(process.pid) };
  if (patched) delete env.LOCKBRIDGE_EMULATOR_UNPATCHED;
  else env.LOCKBRIDGE_EMULATOR_UNPATCHED = "1";
  const procs = [spawnLogged(PYTHON, [SERVER, "127.0.0.1", String(motoPort)], logFile, env)];
  const motoEndpoint = `http://127.0.0.1:${motoPort}`;
  const endpoint = `http://127.0.0.1:${chosen}`;
  const anyExited = () => procs.find((p) => p.exited)?.exited ?? null;

  // The log only matters while it runs or when it failed to start; a clean stop removes it
  // so .run/ does not fill up with one log per test run.
  async function stop() {
    await Promise.all(procs.map(stopProc));
    rmSync(logFile, { force: true });
  }

  async function waitReady(url) {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      if (anyExited()) {
        await stop().catch(() => undefined);
        throw new Error(`emulator exited early (${JSON.stringify(anyExited())}); log ${logFile}:\n${tail(logFile)}`);
      }
      try {
        const res = await fetch(`${url}/moto-api/`, { signal: AbortSignal.timeout(2_000) });
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        const log = tail(logFile);
        await Promise.all(
          procs.map(async (p) => {
            p.child.kill("SIGKILL");
            await p.exitPromise;
          }),
        );
        throw new Error(`emulator not ready after ${READY_TIMEOUT_MS} ms; log ${logFile}:\n${log}`);
      }
      await sleep(100);
    }
  }
  await waitReady(motoEndpoint);
  if (replication) {
    procs.push(spawnLogged(TSX, [REPLICATOR, "127.0.0.1", String(chosen), motoEndpoint], logFile, env));
    await waitReady(endpoint);
  }
  // `exited` resolves when moto or the replicator exits for any reason (the CLI follows it down).
  const exited = Promise.race(procs.map((p) => p.exitPromise));
  return { endpoint, port: chosen, pid: procs[0].child.pid, motoEndpoint, logFile, stop, exited };
}

export async function resetEmulator(endpoint) {
  const res = await fetch(`${endpoint}/moto-api/reset`, { method: "POST" });
  if (!res.ok) throw new Error(`emulator reset failed: HTTP ${res.status}`);
}

async function cli(argv) {
  const [cmd, ...rest] = argv;
  if (cmd !== "start") {
    console.error("usage: node scripts/emulator/lifecycle.mjs start [--port N] [--unpatched]");
    process.exit(2);
  }
  const portArg = rest.indexOf("--port");
  const port = portArg >= 0 ? Number(rest[portArg + 1]) : undefined;
  const emu = await startEmulator({ port, patched: !rest.includes("--unpatched") });
  const stateFile = join(RUN_DIR, "emulator.json");
  const state = { endpoint: emu.endpoint, port: emu.port, pid: process.pid, logFile: emu.logFile };
  writeFileSync(stateFile, JSON.stringify(state) + "\n");
  console.log(JSON.stringify(state));
  let stopping = false;
  const shutdown = async () => {
    stopping = true;
    await emu.stop();
    rmSync(stateFile, { force: true });
    process.exit(0);
  };
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) process.once(sig, shutdown);
  emu.exited.then(() => {
    if (stopping) return;
    console.error(`emulator exited unexpectedly; log ${emu.logFile}`);
    rmSync(stateFile, { force: true });
    process.exit(1);
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  cli(process.argv.slice(2)).catch((err) => {
    console.error(err.message);
    process.exit(1);
  });
}
