// Servers for the access-control specs: Lockbridge's own server (scripts/serve.ts on the production
// build) with chosen settings, a small authenticating reverse proxy in front of it, and raw HTTP
// requests with any Host, Origin and headers (a browser or fetch would not send a forged Host).
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, openSync, readFileSync } from "node:fs";
import http from "node:http";
import { createServer as netServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

const ROOT = path.join(__dirname, "..");

export async function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = netServer();
    s.once("error", reject);
    s.listen(0, host, () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export type Server = {
  url: string;
  port: number;
  dataDir: string;
  log: string;
  child: ChildProcess;
  stop: (signal?: NodeJS.Signals) => Promise<void>;
};

/**
 * scripts/serve.ts with `settings`, talking to `awsEndpoint` with the sandbox's canary credentials (real
 * AWS config files hidden). Reuses `dataDir` and `port` when given (a restart).
 */
export async function startServer(
  settings: Record<string, string>,
  o: { awsEndpoint?: string; dataDir?: string; port?: number } = {},
): Promise<Server> {
  const port = o.port ?? (await freePort());
  const dataDir = o.dataDir ?? mkdtempSync(path.join(tmpdir(), "lockbridge-access-e2e-"));
  const log = path.join(dataDir, `app-${Date.now()}.log`);
  const out = openSync(log, "w");
  const child = spawn(path.join(ROOT, "node_modules", ".bin", "tsx"), [path.join(ROOT, "scripts", "serve.ts")], {
    cwd: ROOT,
    env: {
      ...process.env,
      AWS_ENDPOINT_URL: o.awsEndpoint ?? process.env.LOCKBRIDGE_TEST_EMULATOR_ENDPOINT ?? "",
      AWS_ACCESS_KEY_ID: process.env.LOCKBRIDGE_TEST_CANARY_ACCESS_KEY ?? "AKIALOCKBRIDGECANARY",
      AWS_SECRET_ACCESS_KEY: process.env.LOCKBRIDGE_TEST_CANARY_SECRET ?? "canary",
      AWS_SESSION_TOKEN: "",
      AWS_PROFILE: "",
      AWS_REGION: "eu-west-1",
      AWS_CONFIG_FILE: path.join(dataDir, "no-aws-config"),
      AWS_SHARED_CREDENTIALS_FILE: path.join(dataDir, "no-aws-credentials"),
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      LOCKBRIDGE_SANDBOX: "1",
      NEXT_TELEMETRY_DISABLED: "1",
      LOCKBRIDGE_HOST: "127.0.0.1",
      LOCKBRIDGE_PORT: String(port),
      LOCKBRIDGE_DATA_DIR: dataDir,
      ...settings,
    },
    stdio: ["ignore", out, out],
    // Its own process group: tsx runs the server in a child process, and a SIGKILL (a crash) must reach both.
    detached: true,
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}): ${readFileSync(log, "utf8").slice(-2000)}`);
    if (Date.now() > deadline) throw new Error(`server did not answer; see ${log}`);
    // Any answer means it listens (the gate may refuse this very request).
    if ((await raw(url, { path: "/people" }).catch(() => undefined)) !== undefined) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    port,
    dataDir,
    log,
    child,
    stop: (signal: NodeJS.Signals = "SIGTERM") =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null || !child.pid) return resolve();
        child.once("exit", () => resolve());
        process.kill(-child.pid, signal);
      }),
  };
}

export type RawResponse = { status: number; body: string; headers: http.IncomingHttpHeaders };

/** One HTTP request exactly as given (Host included), from `localAddress` when set. */
export function raw(
  base: string,
  o: { method?: string; path?: string; headers?: Record<string, string>; body?: string; localAddress?: string } = {},
): Promise<RawResponse> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: u.hostname,
        port: u.port,
        method: o.method ?? "GET",
        path: o.path ?? "/",
        headers: { host: u.host, ...o.headers },
        localAddress: o.localAddress,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), headers: res.headers }));
      },
    );
    req.on("error", reject);
    req.setTimeout(60_000, () => req.destroy(new Error("timeout")));
    req.end(o.body);
  });
}

/** A server-action call as the browser makes it: POST with the action id and the arguments as JSON. */
export function actionCall(
  base: string,
  action: { id: string; page: string },
  args: unknown[],
  headers: Record<string, string> = {},
  localAddress?: string,
): Promise<RawResponse> {
  return raw(base, {
    method: "POST",
    path: action.page,
    headers: {
      "content-type": "text/plain;charset=UTF-8",
      accept: "text/x-component",
      "next-action": action.id,
      origin: new URL(base).origin,
      ...headers,
    },
    body: JSON.stringify(args),
    localAddress,
  });
}

/** Every server action of the production build: its id, file, export name and a page that uses it. */
export function builtActions(): { id: string; file: string; name: string; page: string }[] {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, ".next", "server", "server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { filename?: string; exportedName?: string; workers: Record<string, unknown> }>;
  };
  return Object.entries(manifest.node).map(([id, e]) => {
    // "app/plans/[id]/page" → "/plans/AAAAAAAAAAAAAAAAAAAAAA": the action is posted to a page that has it.
    const worker = Object.keys(e.workers)[0] ?? "app/page";
    const page =
      worker
        .replace(/^app/, "")
        .replace(/\/page$/, "")
        .replace(/\[[^\]]+\]/g, "AAAAAAAAAAAAAAAAAAAAAA") || "/";
    return { id, file: e.filename ?? "?", name: e.exportedName ?? "?", page };
  });
}

export type IdentityProxy = { url: string; port: number; stop: () => Promise<void> };

/**
 * A small authenticating reverse proxy, as oauth2-proxy would be: who you are comes from the cookie
 * `test-signed-in-as` (the test's "sign-in"); it drops any identity header the client sent, sets its
 * own, and connects to Lockbridge from `localAddress` (the address Lockbridge trusts).
 */
export async function startIdentityProxy(upstream: string, localAddress: string, header = "x-forwarded-email"): Promise<IdentityProxy> {
  const up = new URL(upstream);
  const port = await freePort();
  const server = http.createServer((req, res) => {
    const headers = { ...req.headers };
    delete headers[header];
    const who = /(?:^|;\s*)test-signed-in-as=([^;]+)/.exec(req.headers.cookie ?? "")?.[1];
    if (who) headers[header] = decodeURIComponent(who);
    const forward = http.request({ host: up.hostname, port: up.port, method: req.method, path: req.url, headers, localAddress }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    forward.on("error", () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
