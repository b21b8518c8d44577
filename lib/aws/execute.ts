import "server-only";
// Executes ONE planned change: the SDK call its action names, with `after` sent as documented in
// lib/plan/types.ts. Apply decides nothing here (ARCHITECTURE habit 1); it only knows how to send.
import { CreateRoleCommand, GetRoleCommand, PutRolePolicyCommand, UpdateAssumeRolePolicyCommand } from "@aws-sdk/client-iam";
import { GetKeyPolicyCommand, PutKeyPolicyCommand } from "@aws-sdk/client-kms";
import {
  GetBucketPolicyCommand, GetBucketReplicationCommand, PutBucketPolicyCommand, PutBucketReplicationCommand, PutBucketVersioningCommand,
  PutObjectLockConfigurationCommand,
} from "@aws-sdk/client-s3";
import { isObject } from "@/lib/plan/canonical";
import { foreignContentPreserved } from "@/lib/plan/preserve";
import type { Change, Json } from "@/lib/plan/types";
import { parsePolicy, replicationOf, toSdkObjectLock, toSdkReplication } from "./adapters";
import type { AccountClients } from "./clients";
import { isNotFound, toFailure } from "./errors";
import { type Backoff, defaultBackoff, withRetry } from "./retry";

/** One write call, for the audit log. Documents only, never credentials. */
export type WriteEvent = {
  when: string;
  account: Change["account"];
  accountId: string;
  api: string;
  target: string;
  requestId?: string;
  result: "ok" | "error";
  error?: { code: string; message: string };
  before: Json | null;
  after: Json | null;
};

export type ExecuteOptions = {
  backoff?: Backoff;
  onWrite?: (event: WriteEvent) => void;
  /** Visible progress while waiting (IAM propagation, retries). */
  onNote?: (note: string) => void;
};

export type ExecuteResult = { requestIds: string[] };

/** A refused or failed change, in plain words; `code` is the AWS error code or a Lockbridge one. */
export class ChangeError extends Error {
  constructor(readonly code: string, message: string, readonly requestId?: string) {
    super(message);
    this.name = "ChangeError";
  }
}

const json = (doc: Json | null | undefined) => JSON.stringify(doc ?? {});
const field = (doc: Json | null, key: string): Json | null => (isObject(doc) && doc[key] !== undefined ? doc[key]! : null);
const str = (doc: Json | null, key: string) => String(field(doc, key) ?? "");

/** Reads the live document a whole-document write would replace (null when there is none). */
async function liveDocument(change: Change, c: AccountClients): Promise<Json | null> {
  const bucket = { Bucket: change.target, ExpectedBucketOwner: change.accountId };
  try {
    if (change.action === "PutBucketPolicy") return parsePolicy((await c.s3.send(new GetBucketPolicyCommand(bucket))).Policy);
    if (change.action === "PutKeyPolicy") return parsePolicy((await c.kms.send(new GetKeyPolicyCommand({ KeyId: change.target, PolicyName: "default" }))).Policy);
    return replicationOf((await c.s3.send(new GetBucketReplicationCommand(bucket))).ReplicationConfiguration);
  } catch (err) {
    if (isNotFound(err, "NoSuchBucketPolicy", "ReplicationConfigurationNotFoundError")) return null;
    const f = toFailure(err);
    throw new ChangeError(f.code, `Could not re-read the live document before writing, so the write was not sent: ${f.message}`, f.requestId);
  }
}

/**
 * Safety rail: PutBucketPolicy, PutKeyPolicy and PutBucketReplication replace the whole document. Right
 * before sending, re-read it and refuse if anything foreign that is live NOW would be dropped or altered
 * (someone may have edited it after the plan was built).
 */
export async function assertForeignContentKept(change: Change, c: AccountClients): Promise<void> {
  const live = await liveDocument(change, c);
  const problems = foreignContentPreserved(live, change.after, change.action, change.ownedIds ?? []);
  if (problems.length > 0) {
    throw new ChangeError(
      "ForeignContentWouldBeLost",
      `Refused to write ${change.action} on ${change.target}: the live document changed since planning. ${problems.join(" ")} Review the plan again.`,
    );
  }
}

const GUARDED = new Set<Change["action"]>(["PutBucketPolicy", "PutKeyPolicy", "PutBucketReplication"]);

function send(change: Change, c: AccountClients): Promise<{ $metadata: { requestId?: string } }> {
  const a = change.after;
  const bucket = { Bucket: change.target, ExpectedBucketOwner: change.accountId };
  switch (change.action) {
    case "PutBucketVersioning":
      return c.s3.send(new PutBucketVersioningCommand({ ...bucket, VersioningConfiguration: { Status: str(a, "Status") as "Enabled" } }));
    case "PutObjectLockConfiguration":
      // No Token: since Nov 2023 Object Lock is enabled on existing versioned buckets without the legacy token.
      return c.s3.send(new PutObjectLockConfigurationCommand({ ...bucket, ObjectLockConfiguration: toSdkObjectLock(a) }));
    case "CreateRole":
      return c.iam.send(new CreateRoleCommand({ RoleName: str(a, "RoleName"), Path: str(a, "Path") || "/", Description: str(a, "Description") || undefined, AssumeRolePolicyDocument: json(field(a, "AssumeRolePolicyDocument")) }));
    case "UpdateAssumeRolePolicy":
      return c.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: str(a, "RoleName"), PolicyDocument: json(field(a, "PolicyDocument")) }));
    case "PutRolePolicy":
      return c.iam.send(new PutRolePolicyCommand({ RoleName: str(a, "RoleName"), PolicyName: str(a, "PolicyName"), PolicyDocument: json(field(a, "PolicyDocument")) }));
    case "PutKeyPolicy":
      return c.kms.send(new PutKeyPolicyCommand({ KeyId: change.target, PolicyName: "default", Policy: json(a) }));
    case "PutBucketPolicy":
      return c.s3.send(new PutBucketPolicyCommand({ ...bucket, Policy: json(a) }));
    case "PutBucketReplication":
      return c.s3.send(new PutBucketReplicationCommand({ ...bucket, ReplicationConfiguration: toSdkReplication(a) }));
  }
}

/** After CreateRole: poll GetRole (bounded) so dependants do not race IAM's eventual consistency. */
async function waitForRole(change: Change, c: AccountClients, backoff: Backoff, onNote?: (n: string) => void): Promise<void> {
  const RoleName = str(change.after, "RoleName");
  for (let attempt = 1; ; attempt++) {
    onNote?.(`Waiting for IAM propagation of role ${RoleName} (check ${attempt}/${backoff.maxAttempts.propagation})`);
    try {
      await c.iam.send(new GetRoleCommand({ RoleName }));
      onNote?.(`Role ${RoleName} is visible in IAM`);
      return;
    } catch (err) {
      if (!isNotFound(err, "NoSuchEntity") || attempt >= backoff.maxAttempts.propagation) throw err;
      await backoff.sleep(backoff.delayMs(attempt, "propagation"));
    }
  }
}

export async function executeChange(change: Change, clients: AccountClients, opts: ExecuteOptions = {}): Promise<ExecuteResult> {
  if (change.kind === "no-op") return { requestIds: [] };
  if (change.after === null) throw new ChangeError("NothingToSend", `Change ${change.id} has no document to send.`);
  const backoff = opts.backoff ?? defaultBackoff;
  const requestIds: string[] = [];
  const event = (result: WriteEvent["result"], requestId?: string, error?: WriteEvent["error"]) =>
    opts.onWrite?.({ when: new Date().toISOString(), account: change.account, accountId: change.accountId, api: change.action, target: change.target, requestId, result, ...(error ? { error } : {}), before: change.before, after: change.after });

  await withRetry(
    change.action,
    async () => {
      if (GUARDED.has(change.action)) await assertForeignContentKept(change, clients);
      try {
        const out = await send(change, clients);
        const requestId = out.$metadata.requestId;
        if (requestId) requestIds.push(requestId);
        event("ok", requestId);
      } catch (err) {
        const f = toFailure(err);
        event("error", f.requestId, { code: f.code, message: f.message });
        throw err;
      }
    },
    backoff,
    opts.onNote,
  );
  if (change.action === "CreateRole" && change.waitAfter === "iam-propagation") await waitForRole(change, clients, backoff, opts.onNote);
  return { requestIds };
}
