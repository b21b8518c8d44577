// A stub `aws` for running exported CLI scripts without an emulator: it records every call and the content
// of every file:// argument as one JSON line in $AWS_LOG, answers every read as "nothing there yet" (the
// error code the real CLI prints for that read, exit 254) except the key policy (KMS always has one: the
// default) and versioning (never enabled), and accepts every write. AWS_STUB_FAIL="op=N=message" makes
// the first N calls of that operation fail with that message (exit 254), to exercise the retries.
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

const ABSENT: Record<string, string> = {
  "get-role": "NoSuchEntity",
  "get-role-policy": "NoSuchEntity",
  "get-bucket-policy": "NoSuchBucketPolicy",
  "get-object-lock-configuration": "ObjectLockConfigurationNotFoundError",
  "get-bucket-replication": "ReplicationConfigurationNotFoundError",
};

const STUB = `const fs = require("fs");
const a = process.argv.slice(2);
const docs = a.filter((x) => x.startsWith("file://")).map((x) => JSON.parse(fs.readFileSync(x.slice(7), "utf8")));
fs.appendFileSync(process.env.AWS_LOG, JSON.stringify({ args: a, docs }) + "\\n");
const absent = ${JSON.stringify(ABSENT)};
const op = a[1];
const [failOp, failTimes, failMessage] = (process.env.AWS_STUB_FAIL || "").split("=");
if (op === failOp) {
  const counter = process.env.AWS_LOG + ".fail";
  const n = fs.existsSync(counter) ? Number(fs.readFileSync(counter, "utf8")) : 0;
  if (n < Number(failTimes)) {
    fs.writeFileSync(counter, String(n + 1));
    process.stderr.write("An error occurred (MalformedPolicy) when calling the operation: " + failMessage + "\\n");
    process.exit(254);
  }
}
if (op === "get-key-policy") {
  const account = (a[a.indexOf("--key-id") + 1].split(":")[4]) || "000000000000";
  const policy = { Version: "2012-10-17", Id: "key-default-1", Statement: [{ Sid: "Enable IAM User Permissions", Effect: "Allow", Principal: { AWS: "arn:aws:iam::" + account + ":root" }, Action: "kms:*", Resource: "*" }] };
  process.stdout.write(JSON.stringify(JSON.stringify(policy)) + "\\n");
} else if (op === "get-bucket-versioning") {
  process.stdout.write("{}\\n");
} else if (absent[op]) {
  process.stderr.write("An error occurred (" + absent[op] + ") when calling the operation: not found\\n");
  process.exit(254);
}
`;

/** Writes the stub `aws` (and a no-op `sleep`) into `bin`; prepend it to PATH and set AWS_LOG. */
export function installStubAws(bin: string): void {
  mkdirSync(bin, { recursive: true });
  writeFileSync(path.join(bin, "aws-stub.js"), STUB);
  writeFileSync(path.join(bin, "aws"), `#!/usr/bin/env bash\nexec node "$(dirname "$0")/aws-stub.js" "$@"\n`);
  writeFileSync(path.join(bin, "sleep"), "#!/usr/bin/env bash\nexit 0\n");
  chmodSync(path.join(bin, "aws"), 0o755);
  chmodSync(path.join(bin, "sleep"), 0o755);
}

export type StubCall = { args: string[]; docs: unknown[] };
export const isRead = (c: StubCall) => c.args[1]!.startsWith("get-") || c.args[1] === "wait";
