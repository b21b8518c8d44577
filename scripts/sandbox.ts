// The local sandbox: the emulator (two seeded accounts) plus the production build of Lockbridge
// pointed at it. Used by `npm run demo` (foreground until Ctrl-C) and by the browser tests
// (`tsx scripts/sandbox.ts -- playwright test`: runs the command, then stops everything).
//
//   tsx scripts/sandbox.ts [--port 3000] [--scenario sandbox] [-- command args...]
//
// Everything it starts it stops, by PID, on exit, Ctrl-C or SIGTERM.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, openSync } from "node:fs";
import path from "node:path";
import { freePort, startEmulator } from "./emulator/lifecycle.mjs";
import { seedScenario } from "../testing/seed";

const ROOT = path.join(__dirname, "..");
const args = process.argv.slice(2);
const dashdash = args.indexOf("--");
const command = dashdash >= 0 ? args.slice(dashdash + 1) : [];
const opts = dashdash >= 0 ? args.slice(0, dashdash) : args;
const opt = (name: string) => {
  const i = opts.indexOf(name);
  return i >= 0 ? opts[i + 1] : undefined;
};

// Credentials for the emulator only (it accepts any). Shared config files are hidden from the app so
// real AWS credentials on this machine can never be sent to the sandbox (or anywhere else). The
// values are recognisable canaries: the secrets tests search every output of a run for them.
const CANARY = { accessKeyId: "AKIALOCKBRIDGECANARY", secretAccessKey: "lockbridge/CANARY/secret+never-leak/0000000000" };
const SANDBOX_ENV = {
  AWS_ACCESS_KEY_ID: CANARY.accessKeyId,
  AWS_SECRET_ACCESS_KEY: CANARY.secretAccessKey,
  AWS_SESSION_TOKEN: "",
  AWS_PROFILE: "",
  AWS_REGION: "eu-west-1",
  AWS_CONFIG_FILE: path.join(ROOT, ".run", "no-aws-config"),
  AWS_SHARED_CREDENTIALS_FILE: path.join(ROOT, ".run", "no-aws-credentials"),
  AWS_EC2_METADATA_DISABLED: "true",
  LOCKBRIDGE_SANDBOX: "1",
  NEXT_TELEMETRY_DISABLED: "1",
  // The SDK warns that releases after January 2027 need Node 22; package-lock.json pins this one.
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
};

async function waitForHttp(url: string, child: ChildProcess, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the app exited early (code ${child.exitCode}); see .run/app.log`);
    try {
      const res = await fetch(url, { redirect: "manual" });
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the app did not answer at ${url} within ${timeoutMs / 1000} s; see .run/app.log`);
}

function stopChild(child: ChildProcess | undefined) {
  if (child && child.exitCode === null && child.pid) {
    try {
      process.kill(child.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
}

async function main() {
  if (!existsSync(path.join(ROOT, ".next", "BUILD_ID"))) {
    throw new Error("no production build: run `npm run build` first (npm test and npm run demo do)");
  }
  mkdirSync(path.join(ROOT, ".run"), { recursive: true });
  const host = opt("--host") ?? "127.0.0.1";
  const port = Number(opt("--port") ?? (await freePort()));
  const emulator = await startEmulator({ logName: `emulator-${port}` });
  let app: ChildProcess | undefined;
  let exiting = false;
  const shutdown = async (code: number) => {
    if (exiting) return;
    exiting = true;
    stopChild(app);
    await emulator.stop();
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(130));
  process.on("SIGTERM", () => void shutdown(143));

  try {
    const seeded = await seedScenario(emulator.endpoint, path.join(ROOT, "testing", "seeds", `${opt("--scenario") ?? "sandbox"}.json`));
    const appLog = path.join(ROOT, ".run", `app-${port}.log`);
    const dataDir = path.join(ROOT, ".run", `data-${port}`);
    const log = openSync(appLog, "w");
    app = spawn(path.join(ROOT, "node_modules", ".bin", "tsx"), [path.join(ROOT, "scripts", "serve.ts")], {
      cwd: ROOT,
      env: {
        ...process.env,
        ...SANDBOX_ENV,
        AWS_ENDPOINT_URL: emulator.endpoint,
        LOCKBRIDGE_HOST: host,
        LOCKBRIDGE_PORT: String(port),
        LOCKBRIDGE_DATA_DIR: dataDir,
      },
      stdio: ["ignore", log, log],
    });
    const url = `http://${host}:${port}`;
    await waitForHttp(`${url}/wizard/accounts`, app);

    if (command.length === 0) {
      // Key IDs are random per seed: print the ARNs the Encryption step needs.
      const keys = Object.entries(seeded.keys)
        .map(([alias, arn]) => `\n  ${alias}: ${arn}`)
        .join("");
      console.log(
        `\nLockbridge sandbox is running at ${url}\n  emulator: ${emulator.endpoint} (accounts 111111111111 and 222222222222)\n  app log:  .run/app-${port}.log\n  KMS keys for SSE-KMS:${keys}\nPress Ctrl-C to stop.\n`,
      );
      app.on("exit", (code) => void shutdown(code ?? 1));
      return;
    }
    const [cmd, ...rest] = command as [string, ...string[]];
    const runner = spawn(cmd, rest, {
      cwd: ROOT,
      stdio: "inherit",
      env: {
        ...process.env,
        PLAYWRIGHT_BASE_URL: url,
        LOCKBRIDGE_TEST_EMULATOR_ENDPOINT: emulator.endpoint,
        // For the secrets scan: what to look for, and where the app wrote its log and database.
        LOCKBRIDGE_TEST_CANARY_ACCESS_KEY: CANARY.accessKeyId,
        LOCKBRIDGE_TEST_CANARY_SECRET: CANARY.secretAccessKey,
        LOCKBRIDGE_TEST_APP_LOG: appLog,
        LOCKBRIDGE_TEST_DATA_DIR: dataDir,
      },
    });
    runner.on("exit", (code, signal) => void shutdown(code ?? (signal ? 1 : 0)));
  } catch (err) {
    console.error(String(err instanceof Error ? err.message : err));
    await shutdown(1);
  }
}

void main();
