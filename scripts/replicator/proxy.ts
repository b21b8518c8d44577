// The sandbox's AWS endpoint: an HTTP proxy in front of moto. Everything is forwarded unchanged,
// except that
// - after a successful PutObject / CopyObject / CompleteMultipartUpload the engine sets PENDING (before
//   the client sees the response) and replicates; a DELETE (or DeleteObjects entry) without a version
//   ID that made a delete marker is handed to the engine too (deleting a version never replicates);
// - GetObject / HeadObject answers carry x-amz-replication-status (PENDING, COMPLETED, FAILED, REPLICA)
//   as S3 sends it;
// - S3 Control job calls (/v20180820/jobs…) are answered by ./control.ts (moto has no Batch Operations);
// - /lockbridge-sandbox/… is the sandbox's own read-only window: replication failure events (what S3
//   would publish as s3:Replication:OperationFailedReplication) and replication latencies;
// - headers starting x-lockbridge-sandbox- are removed from client requests (only the engine may set them).
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Jobs } from "./control";
import type { Engine } from "./engine";
import { list, parse } from "./xml";

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === "object" ? (v as Record<string, unknown>) : {});

const readBody = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });

/** Service and Region from the SigV4 credential scope (header or presigned query). */
export function scopeOf(authorization: string | undefined, query: URLSearchParams): { service?: string; region?: string } {
  const credential = /Credential=([^,\s]+)/.exec(authorization ?? "")?.[1] ?? query.get("X-Amz-Credential") ?? "";
  const parts = credential.split("/");
  return parts.length >= 5 ? { region: parts[2], service: parts[3] } : {};
}

const OBJECT_SUBRESOURCES = [
  "tagging",
  "acl",
  "retention",
  "legal-hold",
  "uploadId",
  "partNumber",
  "restore",
  "select",
  "attributes",
  "torrent",
];

export function startProxy(opts: {
  host: string;
  port: number;
  upstream: string;
  engine: Engine;
  jobs: Jobs;
  log: (l: string) => void;
}): Promise<Server> {
  const { engine, jobs, log } = opts;
  const upstream = new URL(opts.upstream);

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://sandbox");
    const method = req.method ?? "GET";
    const body = await readBody(req);
    const send = (status: number, headers: Record<string, string>, payload: string | Buffer) => {
      res.writeHead(status, { ...headers, "content-length": String(Buffer.byteLength(payload)) });
      res.end(payload);
    };

    if (url.pathname.startsWith("/lockbridge-sandbox/")) {
      if (url.pathname === "/lockbridge-sandbox/replication-events") {
        const q = url.searchParams;
        const events = engine.events.filter(
          (e) =>
            (!q.get("bucket") || e.bucket === q.get("bucket")) &&
            (!q.get("key") || e.key === q.get("key")) &&
            (!q.get("versionId") || e.versionId === q.get("versionId")),
        );
        return send(200, { "content-type": "application/json" }, JSON.stringify({ events }));
      }
      if (url.pathname === "/lockbridge-sandbox/latency") {
        await engine.idle();
        return send(
          200,
          { "content-type": "application/json" },
          JSON.stringify({ latenciesMs: engine.latenciesMs, delayMs: engine.delayMs }),
        );
      }
      if (url.pathname === "/lockbridge-sandbox/idle") {
        await engine.idle();
        return send(200, { "content-type": "application/json" }, "{}");
      }
      return send(404, { "content-type": "application/json" }, JSON.stringify({ error: "unknown sandbox path" }));
    }

    const { service, region } = scopeOf(req.headers.authorization, url.searchParams);
    if (service === "s3" && url.pathname.startsWith("/v20180820/")) {
      const r = jobs.handle(method, url.pathname, url.searchParams, req.headers, body.toString("utf8"), region ?? "us-east-1");
      return send(r.status, r.headers, r.body);
    }

    const headers = { ...req.headers };
    for (const h of Object.keys(headers)) if (h.startsWith("x-lockbridge-sandbox-")) delete headers[h];
    headers["content-length"] = String(body.length);
    delete headers["transfer-encoding"];
    const upstreamRes = await new Promise<IncomingMessage>((resolve, reject) => {
      const u = httpRequest({ host: upstream.hostname, port: upstream.port, method, path: req.url, headers }, resolve);
      u.on("error", reject);
      u.end(body);
    });
    const payload = await readBody(upstreamRes);
    const status = upstreamRes.statusCode ?? 502;
    const outHeaders: Record<string, string> = {};
    for (const [k, v] of Object.entries(upstreamRes.headers))
      if (v !== undefined && k !== "content-length" && k !== "transfer-encoding" && k !== "connection")
        outHeaders[k] = Array.isArray(v) ? v.join(", ") : v;

    if (url.pathname === "/moto-api/reset" && method === "POST" && status < 300) {
      engine.reset();
      jobs.reset();
    }
    if (service === "s3" && status < 300) {
      try {
        await afterS3(method, url, outHeaders, payload);
      } catch (err) {
        log(`after ${method} ${url.pathname}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    res.writeHead(status, {
      ...outHeaders,
      ...(method === "HEAD"
        ? { "content-length": upstreamRes.headers["content-length"] ?? "0" }
        : { "content-length": String(payload.length) }),
    });
    res.end(method === "HEAD" ? undefined : payload);
  }

  async function afterS3(method: string, url: URL, out: Record<string, string>, payload: Buffer) {
    const [, rawBucket = "", ...rest] = url.pathname.split("/");
    const bucket = decodeURIComponent(rawBucket);
    if (!bucket) return;
    const q = url.searchParams;
    if (rest.length === 0 || (rest.length === 1 && rest[0] === "")) {
      if (q.has("replication") || method === "DELETE") engine.forgetConfig(bucket);
      // DeleteObjects: each entry that made a new delete marker (no version ID given) is one to replicate.
      if (method === "POST" && q.has("delete")) {
        for (const d of list<Record<string, unknown>>({ member: obj(parse(payload.toString("utf8")).DeleteResult).Deleted })) {
          if (String(d.DeleteMarker) === "true" && d.VersionId === undefined && typeof d.Key === "string")
            engine.noteDeleteMarker(bucket, d.Key);
        }
      }
      return;
    }
    const key = rest.map(decodeURIComponent).join("/");
    const version = out["x-amz-version-id"] ?? "null";
    const plain = !OBJECT_SUBRESOURCES.some((s) => q.has(s));
    if ((method === "PUT" && plain) || (method === "POST" && q.has("uploadId"))) {
      await engine.noteWrite(bucket, key, version);
    } else if (method === "DELETE" && !q.has("versionId") && out["x-amz-delete-marker"] === "true") {
      engine.noteDeleteMarker(bucket, key);
    } else if ((method === "GET" || method === "HEAD") && plain) {
      const status = engine.statusOf(bucket, key, version);
      if (status) out["x-amz-replication-status"] = status;
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      log(`proxy error on ${req.method} ${req.url}: ${err instanceof Error ? err.stack : String(err)}`);
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
      res.end("sandbox proxy error");
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => resolve(server));
  });
}
