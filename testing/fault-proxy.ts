// A fault-injecting HTTP proxy between the app's SDK clients and the emulator, for hardening tests.
// It forwards every request unchanged, except the ones a rule matches, which it fails the chosen way:
// HTTP 500, 503 SlowDown (S3's throttling answer), a connection reset, or a hang past the client's
// timeout. Operations are named as AWS names them, recovered from each protocol's wire shape.
import http from "node:http";
import type { AddressInfo } from "node:net";

export type FaultMode = "http-500" | "slowdown-503" | "reset" | "hang";
export type Fault = { operation: string; mode: FaultMode; times?: number };
export type SeenCall = { operation: string; method: string; path: string; faulted?: FaultMode };

const S3_SUBRESOURCES: Record<string, string> = {
  policy: "BucketPolicy",
  replication: "BucketReplication",
  versioning: "BucketVersioning",
  "object-lock": "ObjectLockConfiguration",
  ownershipControls: "BucketOwnershipControls",
  requestPayment: "BucketRequestPayment",
  tagging: "BucketTagging",
  encryption: "BucketEncryption",
};

/** The AWS operation a request performs: IAM/STS (query protocol), KMS (JSON target), or S3 (REST). */
export function operationOf(method: string, url: string, headers: http.IncomingHttpHeaders, body: string): string {
  const target = headers["x-amz-target"];
  if (typeof target === "string") return target.split(".").pop() ?? target;
  const action = /(?:^|&)Action=([A-Za-z]+)/.exec(body)?.[1];
  if (action) return action;
  const u = new URL(url, "http://proxy");
  const segments = u.pathname.split("/").filter(Boolean);
  // S3 Control (Batch Operations) is REST under /v20180820/.
  if (segments[0] === "v20180820" && segments[1] === "jobs") {
    if (method === "POST" && segments.length === 2) return "CreateJob";
    if (method === "GET") return segments.length === 2 ? "ListJobs" : "DescribeJob";
  }
  for (const [key, name] of Object.entries(S3_SUBRESOURCES)) {
    if (u.searchParams.has(key)) {
      const verb = method === "PUT" ? "Put" : method === "DELETE" ? "Delete" : "Get";
      return `${verb}${name}`;
    }
  }
  if (segments.length >= 2) return { PUT: "PutObject", GET: "GetObject", HEAD: "HeadObject", DELETE: "DeleteObject" }[method] ?? method;
  return { PUT: "CreateBucket", HEAD: "HeadBucket", GET: "ListObjects", DELETE: "DeleteBucket" }[method] ?? method;
}

/** A failure in the protocol the caller speaks, so the SDK parses it as AWS's own error. */
function errorResponse(headers: http.IncomingHttpHeaders, body: string, throttle: boolean) {
  const message = "injected by the fault proxy";
  const status = throttle ? (typeof headers["x-amz-target"] === "string" ? 400 : 503) : 500;
  if (typeof headers["x-amz-target"] === "string") {
    const type = throttle ? "ThrottlingException" : "KMSInternalException"; // KMS: JSON protocol
    return { status, contentType: "application/x-amz-json-1.1", body: JSON.stringify({ __type: type, message }) };
  }
  if (/(?:^|&)Action=/.test(body)) {
    const code = throttle ? "Throttling" : "ServiceFailure"; // IAM and STS: query protocol
    return {
      status,
      contentType: "text/xml",
      body: `<ErrorResponse><Error><Type>Receiver</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>fault-proxy</RequestId></ErrorResponse>`,
    };
  }
  const code = throttle ? "SlowDown" : "InternalError"; // S3: REST XML
  return {
    status,
    contentType: "application/xml",
    body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
  };
}

export type FaultProxy = {
  endpoint: string;
  calls: SeenCall[];
  /** Fail the next `times` (default 1) calls of `operation`. */
  inject(fault: Fault): void;
  clear(): void;
  stop(): Promise<void>;
};

/**
 * `latencyMs` delays every forwarded call by that long before it reaches the emulator, so a benchmark
 * sees the shape real AWS gives (tens of milliseconds a call) instead of a local emulator's few.
 */
export async function startFaultProxy(target: string, options: { latencyMs?: number } = {}): Promise<FaultProxy> {
  const latencyMs = options.latencyMs ?? 0;
  const upstream = new URL(target);
  let faults: (Fault & { left: number })[] = [];
  const calls: SeenCall[] = [];
  const hanging = new Set<http.ServerResponse>();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const operation = operationOf(req.method ?? "GET", req.url ?? "/", req.headers, body.toString("utf8"));
      const fault = faults.find((f) => f.operation === operation && f.left > 0);
      calls.push({ operation, method: req.method ?? "", path: req.url ?? "", faulted: fault?.mode });
      if (fault) {
        fault.left -= 1;
        if (fault.mode === "reset") return req.socket.destroy();
        if (fault.mode === "hang") return void hanging.add(res);
        const { status, contentType, body: errorBody } = errorResponse(req.headers, body.toString("utf8"), fault.mode === "slowdown-503");
        res.writeHead(status, { "content-type": contentType, "x-amzn-requestid": "fault-proxy" });
        return void res.end(errorBody);
      }
      const send = () => {
        const forward = http.request(
          { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
          (up) => {
            res.writeHead(up.statusCode ?? 502, up.headers);
            up.pipe(res);
          },
        );
        forward.on("error", () => res.destroy());
        forward.end(body);
      };
      if (latencyMs > 0) setTimeout(send, latencyMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    inject: (f) => faults.push({ ...f, left: f.times ?? 1 }),
    clear: () => {
      faults = [];
    },
    stop: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
