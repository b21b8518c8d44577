// The production server: a plain Node HTTP server in front of Next.js, in ONE process. It exists for
// two reasons. First, every request passes the gate (lib/http/gate.ts) before Next sees it: only the
// allowed Host names (DNS rebinding), an allowed Origin on anything that is not a read, and in
// proxy-header mode only the trusted proxy's address with one clean identity header; anything else
// gets a short plain-text refusal (421 or 403). Second, Next does not tell pages and server actions
// which address a request came from, and proxy-header identity must only believe the identity header
// when the peer is the sign-in proxy. Every request is stamped with its socket address (lib/people/peer.ts: signed with a key that lives
// only in this process, so the Next code in this same process can verify it and a client-sent stamp
// never verifies). Used by `npm start` (scripts/start.sh) and the sandbox (scripts/sandbox.ts).
//
//   node_modules/.bin/tsx scripts/serve.ts      (binds LOCKBRIDGE_HOST:LOCKBRIDGE_PORT, default 127.0.0.1:3000)
import { createServer } from "node:http";
import path from "node:path";
import { EnvError, parseEnv } from "../lib/env";
import { allowedOrigins, gateRequest } from "../lib/http/gate";
import { stampPeerAddress } from "../lib/people/peer";

async function main() {
  let config;
  try {
    config = parseEnv(process.env);
  } catch (err) {
    console.error(err instanceof EnvError ? err.message : err);
    process.exit(1);
  }
  // As `next start` does: React and Next pick their production builds from NODE_ENV at load time,
  // so it is set before Next is imported.
  (process.env as Record<string, string>).NODE_ENV = "production";
  // next.config.js reads this for serverActions.allowedOrigins: the same list the gate enforces.
  (process.env as Record<string, string>).LOCKBRIDGE_SERVER_ACTION_ORIGINS = allowedOrigins(config)
    .map((o) => new URL(o).host)
    .join(",");
  if (config.unauthenticatedNetwork) {
    console.warn(
      `WARNING: LOCKBRIDGE_IDENTITY=local on ${config.host}: anyone who reaches this port can act with this server's AWS credentials (LOCKBRIDGE_ALLOW_UNAUTHENTICATED_NETWORK=1).`,
    );
  }
  const { default: next } = await import("next");
  const dir = path.join(__dirname, "..");
  const app = next({ dev: false, dir, hostname: config.host, port: config.port });
  await app.prepare();
  const handle = app.getRequestHandler();

  const server = createServer((req, res) => {
    const gate = gateRequest(req, config);
    if (!gate.ok) {
      res.writeHead(gate.status, {
        "content-type": "text/plain; charset=utf-8",
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      });
      res.end(`${gate.reason}\n`);
      return;
    }
    stampPeerAddress(req);
    handle(req, res).catch((err: unknown) => {
      console.error(`request ${req.method} ${req.url} failed:`, err);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end("Internal server error");
    });
  });
  server.on("error", (err) => {
    console.error(`Cannot listen on ${config.host}:${config.port}: ${err.message}`);
    process.exit(1);
  });
  server.listen(config.port, config.host, () =>
    console.log(`Lockbridge listening on http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${config.port}`),
  );

  const stop = (signal: NodeJS.Signals) => {
    console.log(`${signal}: stopping`);
    server.close(() => process.exit(0));
    // Open keep-alive connections would hold close() forever.
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

void main();
