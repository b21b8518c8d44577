import "server-only";
// Executes ONE planned change: the SDK call its action names, with `after` sent as documented in
// lib/plan/types.ts. Apply decides nothing here (docs/architecture.md, habit 1); it only knows how to send.
import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetRoleCommand,
  PutRolePolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from "@aws-sdk/client-iam";
import { PutKeyPolicyCommand } from "@aws-sdk/client-kms";
import {
  DeleteBucketPolicyCommand,
  DeleteBucketReplicationCommand,
  PutBucketPolicyCommand,
  PutBucketReplicationCommand,
  PutBucketVersioningCommand,
  PutObjectLockConfigurationCommand,
} from "@aws-sdk/client-s3";
import { unhandled } from "@/lib/plan/exhaustive";
import { guardNeedsLiveDocument, guardProblems } from "@/lib/plan/preserve";
import type { Change, Json } from "@/lib/plan/types";
import { toSdkObjectLock, toSdkReplication, UnsendableDocument } from "./adapters";
import type { AccountClients } from "./clients";
import { isNotFound, toFailure } from "./errors";
import { readLiveDocument } from "./read-document";
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
  constructor(
    readonly code: string,
    message: string,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = "ChangeError";
  }
}

const json = (doc: Json) => JSON.stringify(doc);

/**
 * Safety rail before EVERY write: re-read the live document right before sending and refuse if the
 * write would now lose something (lib/plan/preserve.ts guardProblems): someone may have edited it
 * after the plan was built, or another apply into the same vault may have just written it.
 */
export async function assertSafeToWrite(change: Change, c: AccountClients): Promise<{ live: Change["before"] } | undefined> {
  if (!guardNeedsLiveDocument(change)) return undefined;
  let live: Change["before"];
  try {
    live = await readLiveDocument(change, c);
  } catch (err) {
    const f = toFailure(err);
    throw new ChangeError(
      f.code,
      `Could not re-read the live document before writing, so the write was not sent: ${f.message}`,
      f.requestId,
    );
  }
  const problems = guardProblems(change, live);
  if (problems.length > 0) {
    throw new ChangeError(
      "ForeignContentWouldBeLost",
      `Refused to write ${change.action} on ${change.target}: the live document changed since planning. ${problems.join(" ")} Review the plan again.`,
    );
  }
  return { live };
}

type Sent = { $metadata: { requestId?: string } };

/** The SDK call of each action, with `after` as documented in lib/plan/types.ts. No casts: the types line up. */
function send(change: Change, c: AccountClients): Promise<Sent> {
  const bucket = { Bucket: change.target, ExpectedBucketOwner: change.accountId };
  switch (change.action) {
    case "PutBucketVersioning":
      return c.s3.send(new PutBucketVersioningCommand({ ...bucket, VersioningConfiguration: { Status: change.after.Status } }));
    case "PutObjectLockConfiguration":
      // No Token: since Nov 2023 Object Lock is enabled on existing versioned buckets without the legacy token.
      return c.s3.send(new PutObjectLockConfigurationCommand({ ...bucket, ObjectLockConfiguration: toSdkObjectLock(change.after) }));
    case "CreateRole": {
      const a = change.after;
      return c.iam.send(
        new CreateRoleCommand({
          RoleName: a.RoleName,
          Path: a.Path || "/",
          Description: a.Description || undefined,
          AssumeRolePolicyDocument: json(a.AssumeRolePolicyDocument),
        }),
      );
    }
    case "UpdateAssumeRolePolicy":
      return c.iam.send(
        new UpdateAssumeRolePolicyCommand({ RoleName: change.after.RoleName, PolicyDocument: json(change.after.PolicyDocument) }),
      );
    case "PutRolePolicy": {
      const a = change.after;
      if (a === null) throw new ChangeError("NothingToSend", `Change ${change.id} has no document to send.`);
      return c.iam.send(
        new PutRolePolicyCommand({ RoleName: a.RoleName, PolicyName: a.PolicyName, PolicyDocument: json(a.PolicyDocument) }),
      );
    }
    case "PutKeyPolicy":
      return c.kms.send(new PutKeyPolicyCommand({ KeyId: change.target, PolicyName: "default", Policy: json(change.after) }));
    case "PutBucketPolicy":
      return c.s3.send(new PutBucketPolicyCommand({ ...bucket, Policy: json(change.after) }));
    case "PutBucketReplication":
      return c.s3.send(new PutBucketReplicationCommand({ ...bucket, ReplicationConfiguration: toSdkReplication(change.after) }));
    case "DeleteBucketPolicy":
      return c.s3.send(new DeleteBucketPolicyCommand(bucket));
    case "DeleteBucketReplication":
      return c.s3.send(new DeleteBucketReplicationCommand(bucket));
    case "DeleteRolePolicy":
      return c.iam.send(new DeleteRolePolicyCommand({ RoleName: change.target, PolicyName: change.policyName }));
    case "DeleteRole":
      return c.iam.send(new DeleteRoleCommand({ RoleName: change.target }));
    default:
      return unhandled(change);
  }
}

/** After CreateRole: poll GetRole (bounded) so dependants do not race IAM's eventual consistency. */
async function waitForRole(change: Change, c: AccountClients, backoff: Backoff, onNote?: (n: string) => void): Promise<void> {
  const RoleName = change.target;
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
  const backoff = opts.backoff ?? defaultBackoff;
  const requestIds: string[] = [];
  // The audit log records, as "before", the document AWS returned right before the first attempt when the
  // guard read it (what a rollback restores), otherwise the one the plan was built from. Retries keep the
  // first read: a failed attempt may have landed, and then the live document is already ours.
  let before: Change["before"] = change.before;
  let firstRead = true;
  const event = (result: WriteEvent["result"], requestId?: string, error?: WriteEvent["error"]) =>
    opts.onWrite?.({
      when: new Date().toISOString(),
      account: change.account,
      accountId: change.accountId,
      api: change.action,
      target: change.target,
      requestId,
      result,
      ...(error ? { error } : {}),
      before,
      after: change.after,
    });

  await withRetry(
    change.action,
    async () => {
      const read = await assertSafeToWrite(change, clients);
      if (read && firstRead) before = read.live;
      firstRead = false;
      try {
        let out: Sent;
        try {
          out = await send(change, clients);
        } catch (err) {
          if (err instanceof UnsendableDocument) throw new ChangeError("UnsendableDocument", err.message);
          throw err;
        }
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
    change.after,
  );
  if (change.action === "CreateRole" && change.waitAfter === "iam-propagation") await waitForRole(change, clients, backoff, opts.onNote);
  return { requestIds };
}
