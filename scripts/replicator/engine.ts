// The sandbox replication engine: what S3 does with a replication configuration, against moto.
// The proxy (./proxy.ts) calls noteWrite / noteDeleteMarker after each successful write; the version
// goes PENDING at once (as S3 reports it right after the PUT), then after `delayMs` the engine checks
// every permission with iam-simulate (./permissions.ts) and either writes the replica (same key,
// version ID, content, metadata, tags, lock, re-encrypted, REPLICA) or marks the source FAILED and
// records S3's failure reason as a replication failure event.
import {
  DeleteObjectCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type PutObjectCommandInput,
  type StorageClass,
} from "@aws-sdk/client-s3";
import { AccountClients } from "./clients";
import { bucketFacts, keyFacts, replicationConfig, roleFacts } from "./facts";
import { type Failure, firstFailure } from "./permissions";
import { bucketOfArn, deleteMarkerRule, type ReplicationConfig, replicaLock, type Rule, selectRule, type Tag } from "./rules";

export type Status = "PENDING" | "COMPLETED" | "FAILED" | "REPLICA";
export type FailureEvent = Failure & {
  eventName: "s3:Replication:OperationFailedReplication";
  bucket: string;
  key: string;
  versionId: string;
  ruleId?: string;
  time: string;
};
export type Outcome = { status: "COMPLETED" | "FAILED" | "SKIPPED"; failure?: Failure; ruleId?: string };

const id = (bucket: string, key: string, versionId: string) => `${bucket}\u0000${key}\u0000${versionId}`;
const errName = (err: unknown) => (err as { name?: string })?.name ?? "Error";
const errMessage = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class Engine {
  readonly clients: AccountClients;
  private statuses = new Map<string, Status>();
  private configs = new Map<string, Promise<{ account: string; config: ReplicationConfig } | null>>();
  /** Buckets whose owner we learnt from a configuration's role (S3 requires the role in the owner's account). */
  readonly events: FailureEvent[] = [];
  private inflight = new Set<Promise<unknown>>();
  /** PUT to replica visible, per replicated version (the bench reads it). */
  readonly latenciesMs: number[] = [];

  constructor(
    readonly upstream: string,
    readonly delayMs: number,
    private readonly log: (line: string) => void = () => undefined,
  ) {
    this.clients = new AccountClients(upstream);
  }

  reset(): void {
    this.statuses.clear();
    this.configs.clear();
    this.events.length = 0;
    this.latenciesMs.length = 0;
    this.clients.reset();
  }

  statusOf(bucket: string, key: string, versionId: string): Status | undefined {
    return this.statuses.get(id(bucket, key, versionId));
  }

  setStatus(bucket: string, key: string, versionId: string, status: Status): void {
    this.statuses.set(id(bucket, key, versionId), status);
  }

  forgetConfig(bucket: string): void {
    this.configs.delete(bucket);
  }

  /** The bucket's replication configuration and owner, cached until the proxy sees it change. */
  configOf(bucket: string): Promise<{ account: string; config: ReplicationConfig } | null> {
    let p = this.configs.get(bucket);
    if (!p) {
      // moto serves any bucket to any account; the owner is the configuration role's account.
      p = replicationConfig(this.clients, "123456789012", bucket).then((config) =>
        config ? { account: config.Role.split(":")[4] ?? "", config } : null,
      );
      p.catch(() => this.configs.delete(bucket));
      this.configs.set(bucket, p);
    }
    return p;
  }

  /** Resolves when nothing is queued or running (tests and the bench wait on it). */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inflight.add(p);
    p.finally(() => this.inflight.delete(p)).catch(() => undefined);
    return p;
  }

  /** Facts S3 uses to pick a rule: the version's tags and encryption. */
  private async versionFacts(account: string, bucket: string, key: string, versionId: string) {
    const { s3 } = await this.clients.for(account);
    const head = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
    const tags = (await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key, VersionId: versionId }))).TagSet ?? [];
    return { head, tags: tags.map((t) => ({ Key: t.Key ?? "", Value: t.Value ?? "" })) };
  }

  /**
   * Called by the proxy after a successful PutObject / CopyObject / CompleteMultipartUpload. Marks the
   * version PENDING before the client sees the response, then replicates after the delay.
   */
  async noteWrite(bucket: string, key: string, versionId: string, writtenAt = Date.now()): Promise<void> {
    const found = await this.configOf(bucket);
    if (!found) return;
    const { head, tags } = await this.versionFacts(found.account, bucket, key, versionId);
    await head.Body?.transformToByteArray().catch(() => undefined);
    const selection = selectRule(found.config, { key, tags, sse: head.ServerSideEncryption });
    if (selection.kind !== "replicate") return;
    this.setStatus(bucket, key, versionId, "PENDING");
    this.track(
      new Promise((r) => setTimeout(r, this.delayMs)).then(async () => {
        const out = await this.replicate(bucket, key, versionId);
        if (out.status === "COMPLETED") this.latenciesMs.push(Date.now() - writtenAt);
      }),
    ).catch((err) => this.log(`replication of ${bucket}/${key}@${versionId} crashed: ${errMessage(err)}`));
  }

  /** A DELETE without a version ID made a delete marker: replicated only when the rule says so. */
  noteDeleteMarker(bucket: string, key: string): void {
    this.track(
      (async () => {
        const found = await this.configOf(bucket);
        const rule = deleteMarkerRule(found?.config ?? null, key);
        if (!found || !rule) return;
        const failure = await this.deleteMarker(found.account, found.config, rule, bucket, key);
        if (failure) this.record(bucket, key, "delete-marker", failure, rule.ID);
      })(),
    ).catch((err) => this.log(`delete marker replication of ${bucket}/${key} crashed: ${errMessage(err)}`));
  }

  private record(bucket: string, key: string, versionId: string, failure: Failure, ruleId?: string) {
    this.events.push({
      eventName: "s3:Replication:OperationFailedReplication",
      bucket,
      key,
      versionId,
      ...failure,
      ...(ruleId ? { ruleId } : {}),
      time: new Date().toISOString(),
    });
    this.log(`FAILED ${bucket}/${key}@${versionId}: ${failure.code}: ${failure.reason}`);
  }

  private async deleteMarker(account: string, config: ReplicationConfig, rule: Rule, bucket: string, key: string): Promise<Failure | null> {
    const destName = bucketOfArn(rule.Destination.Bucket);
    const destAccount = rule.Destination.Account ?? account;
    const [role, source, destination] = await Promise.all([
      roleFacts(this.clients, config.Role),
      bucketFacts(this.clients, account, bucket),
      bucketFacts(this.clients, destAccount, destName),
    ]);
    if (!destination.state.exists) return { code: "DstBucketNotFound", reason: `The destination bucket ${destName} does not exist.` };
    const failure = await firstFailure({
      role,
      source,
      destination,
      key,
      operation: "delete-marker",
      hasTags: false,
      hasRetention: false,
      hasLegalHold: false,
      ownerOverride: false,
    });
    if (failure) return failure;
    const { s3 } = await this.clients.for(destAccount);
    await s3.send(new DeleteObjectCommand({ Bucket: destName, Key: key }));
    return null;
  }

  /**
   * Replicates one version now (live replication after the delay, or a Batch Replication task) and
   * sets its status. A version no rule covers is SKIPPED and keeps no status.
   */
  replicate(bucket: string, key: string, versionId: string): Promise<Outcome> {
    return this.track(this.replicateNow(bucket, key, versionId));
  }

  private async replicateNow(bucket: string, key: string, versionId: string): Promise<Outcome> {
    this.forgetConfig(bucket); // S3 uses the configuration in force when it replicates
    const found = await this.configOf(bucket);
    if (!found) return { status: "SKIPPED" };
    const { account, config } = found;
    const { head, tags } = await this.versionFacts(account, bucket, key, versionId);
    const body = await head.Body!.transformToByteArray();
    const selection = selectRule(config, { key, tags, sse: head.ServerSideEncryption });
    if (selection.kind !== "replicate") return { status: "SKIPPED" };
    const rule = selection.rule;
    const fail = (failure: Failure): Outcome => {
      this.setStatus(bucket, key, versionId, "FAILED");
      this.record(bucket, key, versionId, failure, rule.ID);
      return { status: "FAILED", failure, ...(rule.ID ? { ruleId: rule.ID } : {}) };
    };
    try {
      const destName = bucketOfArn(rule.Destination.Bucket);
      const destAccount = rule.Destination.Account ?? account;
      const [role, source, destination] = await Promise.all([
        roleFacts(this.clients, config.Role),
        bucketFacts(this.clients, account, bucket),
        bucketFacts(this.clients, destAccount, destName),
      ]);
      const hasRetention = !!head.ObjectLockMode && !!head.ObjectLockRetainUntilDate;
      const hasLegalHold = head.ObjectLockLegalHoldStatus === "ON";
      const replicaKeyId = rule.Destination.EncryptionConfiguration?.ReplicaKmsKeyID;
      const [sourceKey, replicaKey] = await Promise.all([
        head.ServerSideEncryption === "aws:kms" && head.SSEKMSKeyId
          ? keyFacts(this.clients, head.SSEKMSKeyId, { account, region: source.region })
          : undefined,
        replicaKeyId ? keyFacts(this.clients, replicaKeyId, { account: destAccount, region: destination.region }) : undefined,
      ]);

      if (!role.exists)
        return fail({
          code: "AssumeRoleNotPermitted",
          reason: `The replication role ${config.Role} does not exist, so S3 cannot assume it.`,
        });
      if (!destination.state.exists)
        return fail({ code: "DstBucketNotFound", reason: `The destination bucket ${destName} does not exist.` });
      if (destination.state.versioning !== "Enabled")
        return fail({ code: "DstBucketUnversioned", reason: `Versioning is not enabled on the destination bucket ${destName}.` });
      if ((hasRetention || hasLegalHold) && !destination.state.lockEnabled) {
        return fail({
          code: "DstBucketObjectLockConfigMissing",
          reason: `The source version is locked but the destination bucket ${destName} has no Object Lock.`,
        });
      }
      if (sourceKey && (!sourceKey.exists || !sourceKey.enabled))
        return fail({
          code: "SrcKmsKeyInvalidState",
          reason: `The source object's KMS key ${sourceKey.arn} is ${sourceKey.exists ? "not enabled" : "not found"}.`,
        });
      if (replicaKey && !replicaKey.exists)
        return fail({
          code: "DstKmsKeyNotFound",
          reason: `The replica KMS key ${replicaKeyId} does not exist in account ${replicaKey.account}.`,
        });
      if (replicaKey && !replicaKey.enabled)
        return fail({ code: "DstKmsKeyInvalidState", reason: `The replica KMS key ${replicaKey.arn} is not enabled.` });

      const failure = await firstFailure({
        role,
        source,
        destination,
        key,
        operation: "object",
        hasTags: tags.length > 0,
        hasRetention,
        hasLegalHold,
        ownerOverride: rule.Destination.AccessControlTranslation?.Owner === "Destination",
        ...(sourceKey ? { sourceKey } : {}),
        ...(replicaKey ? { replicaKey } : {}),
      });
      if (failure) return fail(failure);

      const lock = replicaLock(
        {
          mode: head.ObjectLockMode,
          retainUntil: head.ObjectLockRetainUntilDate?.toISOString(),
          legalHold: head.ObjectLockLegalHoldStatus,
        },
        destination.state.lockEnabled ? destination.state.defaultRetention : null,
        new Date(),
      );
      const input: PutObjectCommandInput = {
        Bucket: destName,
        Key: key,
        Body: body,
        ...(head.ContentType ? { ContentType: head.ContentType } : {}),
        ...(head.ContentEncoding ? { ContentEncoding: head.ContentEncoding } : {}),
        ...(head.ContentDisposition ? { ContentDisposition: head.ContentDisposition } : {}),
        ...(head.CacheControl ? { CacheControl: head.CacheControl } : {}),
        Metadata: head.Metadata ?? {},
        ...(tags.length > 0
          ? { Tagging: tags.map((t: Tag) => `${encodeURIComponent(t.Key)}=${encodeURIComponent(t.Value)}`).join("&") }
          : {}),
        StorageClass: (rule.Destination.StorageClass ?? head.StorageClass ?? "STANDARD") as StorageClass,
        ...(replicaKey
          ? { ServerSideEncryption: "aws:kms", SSEKMSKeyId: replicaKey.arn }
          : head.ServerSideEncryption === "AES256"
            ? { ServerSideEncryption: "AES256" }
            : {}),
        ...(lock.mode && lock.retainUntil
          ? { ObjectLockMode: lock.mode as "GOVERNANCE" | "COMPLIANCE", ObjectLockRetainUntilDate: new Date(lock.retainUntil) }
          : {}),
        ...(lock.legalHold ? { ObjectLockLegalHoldStatus: "ON" } : {}),
      };
      const { s3: dst } = await this.clients.for(destAccount);
      // Replicating a version again (a Batch Replication job over COMPLETED objects) finds its replica there.
      const already = await dst.send(new HeadObjectCommand({ Bucket: destName, Key: key, VersionId: versionId })).then(
        () => true,
        () => false,
      );
      if (already) {
        this.setStatus(destName, key, versionId, "REPLICA");
        this.setStatus(bucket, key, versionId, "COMPLETED");
        return { status: "COMPLETED", ...(rule.ID ? { ruleId: rule.ID } : {}) };
      }
      const put = new PutObjectCommand(input);
      put.middlewareStack.add(
        (next) => async (args) => {
          (args.request as { headers: Record<string, string> }).headers["x-lockbridge-sandbox-version-id"] = versionId;
          return next(args);
        },
        { step: "build", name: "lockbridgeReplicaVersion" },
      );
      const out = await dst.send(put);
      this.setStatus(destName, key, out.VersionId ?? versionId, "REPLICA");
      this.setStatus(bucket, key, versionId, "COMPLETED");
      return { status: "COMPLETED", ...(rule.ID ? { ruleId: rule.ID } : {}) };
    } catch (err) {
      return fail({ code: "DstPutObjectNotPermitted", reason: `The replica could not be written: ${errName(err)}: ${errMessage(err)}` });
    }
  }
}
