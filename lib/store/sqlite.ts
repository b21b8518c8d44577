import "server-only";
// Embedded SQLite implementation of PlanStore and AuditStore (better-sqlite3, synchronous; the async
// interface is for a future shared database). WAL lets pages read while a write is in progress;
// busy_timeout makes a writer wait for another instead of failing at once. Every write runs in
// BEGIN IMMEDIATE, and plan updates are compare-and-set on (status, version).
import Database from "better-sqlite3";
import { chmodSync, existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { auditWhere, isoInstant, rowToAudit, type AuditRow } from "./audit-query";
import { StoreError, classifySqliteError } from "./errors";
import { defaultMigrationsDir, migrate } from "./migrate";
import { historyRow, planRow, rowsToRecord, type CommentRow, type HistoryRow, type PlanRow } from "./plan-rows";
import { scrubAuditEntry } from "./scrub";
import type {
  Actor,
  AuditEntry,
  AuditEntryInput,
  AuditFilter,
  AuditPage,
  AuditStore,
  NewPlanRecord,
  PlanComment,
  PlanListFilter,
  PlanRecord,
  PlanStore,
  PlanSummary,
  PlanTransition,
  RunRow,
  RunStore,
} from "./types";

export const DB_FILE_NAME = "lockbridge.sqlite";

export type SqliteStoreOptions = {
  /** Directory of the database (created if missing); the file is lockbridge.sqlite in it. */
  dataDir: string;
  /** How long a write waits for another writer before failing with StoreError "locked". */
  busyTimeoutMs?: number;
  migrationsDir?: string;
  now?: () => Date;
};

/**
 * The database file and its WAL and shared-memory files readable by this server's user only. The paths
 * are the data directory's, known at run time: the build must not trace them (turbopackIgnore), or it
 * traces the whole project into the server output.
 */
function ownerOnly(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(/*turbopackIgnore: true*/ f)) chmodSync(f, 0o600);
}

export class SqliteStore implements PlanStore, AuditStore, RunStore {
  readonly file: string;
  readonly schemaVersion: number;
  private readonly db: Database.Database;

  private constructor(db: Database.Database, file: string, schemaVersion: number) {
    this.db = db;
    this.file = file;
    this.schemaVersion = schemaVersion;
  }

  /** Creates the directory and file on first start and migrates; throws StoreError with advice. */
  static open(o: SqliteStoreOptions): SqliteStore {
    const dir = path.resolve(o.dataDir);
    const file = path.join(dir, DB_FILE_NAME);
    let db: Database.Database | undefined;
    try {
      // Plans, approvals and the audit log are for this server's user only: the directory is 0700 and
      // the database files 0600, also when they already existed with looser modes.
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      chmodSync(dir, 0o700);
      db = new Database(file, { timeout: o.busyTimeoutMs ?? 5000 });
      ownerOnly(file);
      db.pragma("journal_mode = WAL");
      db.pragma("foreign_keys = ON");
      db.pragma("synchronous = NORMAL");
      const version = migrate(db, o.migrationsDir ?? defaultMigrationsDir(), file, o.now ?? (() => new Date()));
      // WAL and shared-memory files appear with the first write: set their mode now that they exist.
      ownerOnly(file);
      return new SqliteStore(db, file, version);
    } catch (e) {
      db?.close();
      throw classifySqliteError(e, file) ?? ioError(e, file);
    }
  }

  close(): void {
    this.db.close();
  }

  /** Runs `fn` mapping SQLite failures (busy, corrupt, disk) to StoreError. */
  private guard<T>(fn: () => T): Promise<T> {
    try {
      return Promise.resolve(fn());
    } catch (e) {
      return Promise.reject(classifySqliteError(e, this.file) ?? e);
    }
  }

  private write<T>(fn: () => T): Promise<T> {
    return this.guard(() => this.db.transaction(fn).immediate());
  }

  private readPlan(id: string): PlanRecord | null {
    const row = this.db.prepare("SELECT * FROM plans WHERE id = ?").get(id) as PlanRow | undefined;
    if (!row) return null;
    const history = this.db.prepare("SELECT * FROM plan_history WHERE plan_id = ? ORDER BY id").all(id) as HistoryRow[];
    const comments = this.db.prepare("SELECT * FROM plan_comments WHERE plan_id = ? ORDER BY id").all(id) as CommentRow[];
    return rowsToRecord(row, history, comments);
  }

  // ---- PlanStore ----

  createPlan(r: NewPlanRecord): Promise<PlanRecord> {
    return this.write(() => {
      const row = planRow({ ...r, approval: null, run: null, updatedAt: r.createdAt });
      this.db
        .prepare(
          `INSERT INTO plans (id, version, status, input_json, plan_json, fingerprint, author_name, author_source, source_bucket,
             destination_bucket, source_count, approved_fingerprint, approved_by_name, approved_by_source, approved_at, approval_comment, run_json, created_at, updated_at)
           VALUES (@id, 1, @status, @input_json, @plan_json, @fingerprint, @author_name, @author_source, @source_bucket,
             @destination_bucket, @source_count, @approved_fingerprint, @approved_by_name, @approved_by_source, @approved_at, @approval_comment, @run_json, @created_at, @updated_at)`,
        )
        .run(row);
      this.insertHistory(r.id, r.history);
      return this.readPlan(r.id)!;
    });
  }

  getPlan(id: string): Promise<PlanRecord | null> {
    return this.guard(() => this.readPlan(id));
  }

  listPlans(f: PlanListFilter = {}): Promise<{ plans: PlanSummary[]; total: number }> {
    return this.guard(() => {
      const clauses: string[] = [];
      const params: unknown[] = [];
      const statuses = f.status === undefined ? [] : Array.isArray(f.status) ? f.status : [f.status];
      if (statuses.length) {
        clauses.push(`status IN (${statuses.map(() => "?").join(", ")})`);
        params.push(...statuses);
      }
      if (f.author) {
        clauses.push("author_name = ?");
        params.push(f.author);
      }
      const where = clauses.length ? `WHERE ${clauses.join(" AND ")}` : "";
      const total = (this.db.prepare(`SELECT count(*) AS n FROM plans ${where}`).get(...params) as { n: number }).n;
      const rows = this.db
        .prepare(
          `SELECT id, version, status, fingerprint, author_name, author_source, created_at, updated_at, source_bucket, destination_bucket, source_count
           FROM plans ${where} ORDER BY updated_at DESC, id LIMIT ? OFFSET ?`,
        )
        .all(...params, clampLimit(f.limit), Math.max(0, f.offset ?? 0)) as PlanRow[];
      const plans = rows.map((r) => ({
        id: r.id,
        version: r.version,
        status: r.status,
        fingerprint: r.fingerprint,
        author: { name: r.author_name, source: r.author_source } as Actor,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
        sourceBucket: r.source_bucket,
        destinationBucket: r.destination_bucket,
        sourceCount: r.source_count,
      }));
      return { plans, total };
    });
  }

  transitionPlan(id: string, t: PlanTransition): Promise<PlanRecord | null> {
    return this.write(() => {
      const current = this.readPlan(id);
      if (!current) return null;
      const next = planRow({ ...current, ...t.set, updatedAt: t.history.at });
      const approvedFp = t.expect.approvedFingerprint;
      // The conditional UPDATE is what makes concurrent approve/apply safe: the loser changes 0 rows.
      const result = this.db
        .prepare(
          `UPDATE plans SET version = version + 1, status = @status, input_json = @input_json, plan_json = @plan_json,
             fingerprint = @fingerprint, source_bucket = @source_bucket, destination_bucket = @destination_bucket, source_count = @source_count,
             approved_fingerprint = @approved_fingerprint, approved_by_name = @approved_by_name,
             approved_by_source = @approved_by_source, approved_at = @approved_at, approval_comment = @approval_comment,
             run_json = @run_json, updated_at = @updated_at
           WHERE id = @id AND status = @expect_status AND version = @expect_version
             ${approvedFp === undefined ? "" : "AND approved_fingerprint = @expect_fp"}`,
        )
        .run({
          ...next,
          id,
          expect_status: t.expect.status,
          expect_version: t.expect.version,
          ...(approvedFp === undefined ? {} : { expect_fp: approvedFp }),
        });
      if (result.changes !== 1) return null;
      this.insertHistory(id, t.history);
      return this.readPlan(id);
    });
  }

  addComment(id: string, actor: Actor, text: string, at: string): Promise<PlanComment> {
    return this.write(() => {
      const info = this.db
        .prepare("INSERT INTO plan_comments (plan_id, at, actor_name, actor_source, text) VALUES (?, ?, ?, ?, ?)")
        .run(id, at, actor.name, actor.source, text);
      return { id: Number(info.lastInsertRowid), at, actor, text };
    });
  }

  private insertHistory(id: string, h: PlanTransition["history"]): void {
    this.db
      .prepare(
        `INSERT INTO plan_history (plan_id, at, actor_name, actor_source, from_status, to_status, event, comment, fingerprint, run_id)
         VALUES (@plan_id, @at, @actor_name, @actor_source, @from_status, @to_status, @event, @comment, @fingerprint, @run_id)`,
      )
      .run(historyRow(id, h));
  }

  // ---- RunStore (synchronous: a run is on disk before the AWS write it announces is sent) ----

  saveRun(r: RunRow): void {
    try {
      this.db
        .prepare(
          `INSERT INTO apply_runs (run_id, plan_id, status, actor, snapshot_json, baseline_json, touched_json, written_json, started_at, updated_at)
           VALUES (@run_id, @plan_id, @status, @actor, @snapshot_json, @baseline_json, @touched_json, @written_json, @started_at, @updated_at)
           ON CONFLICT (run_id) DO UPDATE SET plan_id = COALESCE(excluded.plan_id, plan_id), status = excluded.status, actor = excluded.actor,
             snapshot_json = excluded.snapshot_json, baseline_json = excluded.baseline_json, touched_json = excluded.touched_json,
             written_json = excluded.written_json, updated_at = excluded.updated_at`,
        )
        .run(r);
    } catch (e) {
      throw classifySqliteError(e, this.file) ?? e;
    }
  }

  getRun(runId: string): RunRow | null {
    return (this.db.prepare("SELECT * FROM apply_runs WHERE run_id = ?").get(runId) as RunRow | undefined) ?? null;
  }

  runsWithStatus(status: string): RunRow[] {
    return this.db.prepare("SELECT * FROM apply_runs WHERE status = ? ORDER BY started_at").all(status) as RunRow[];
  }

  // ---- AuditStore ----

  appendAudit(input: AuditEntryInput): Promise<AuditEntry> {
    return this.write(() => {
      const { value: e, findings } = scrubAuditEntry({ ...input, at: isoInstant(input.at ?? new Date().toISOString(), "at") });
      const info = this.db
        .prepare(
          `INSERT INTO audit_log (at, actor, plan_id, run_id, change_id, account, account_id, region, api, target, request_id, result,
             error_code, error_message, before_json, after_json, scrubbed_json)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          e.at,
          e.actor,
          e.planId,
          e.runId,
          e.changeId ?? null,
          e.account,
          e.accountId,
          e.region ?? null,
          e.api,
          e.target,
          e.requestId ?? null,
          e.result,
          e.errorCode ?? null,
          e.errorMessage ?? null,
          e.before === null || e.before === undefined ? null : JSON.stringify(e.before),
          e.after === null || e.after === undefined ? null : JSON.stringify(e.after),
          JSON.stringify(findings),
        );
      return rowToAudit(this.db.prepare("SELECT * FROM audit_log WHERE seq = ?").get(info.lastInsertRowid) as AuditRow);
    });
  }

  listAudit(filter: AuditFilter = {}, page: { limit?: number; cursor?: number; order?: "asc" | "desc" } = {}): Promise<AuditPage> {
    return this.guard(() => {
      const { sql, params } = auditWhere(filter);
      const total = (this.db.prepare(`SELECT count(*) AS n FROM audit_log ${sql}`).get(...params) as { n: number }).n;
      const order = page.order ?? "desc";
      const limit = clampLimit(page.limit);
      const cursorSql = page.cursor === undefined ? "" : `${sql ? "AND" : "WHERE"} seq ${order === "desc" ? "<" : ">"} ?`;
      const rows = this.db
        .prepare(`SELECT * FROM audit_log ${sql} ${cursorSql} ORDER BY seq ${order === "desc" ? "DESC" : "ASC"} LIMIT ?`)
        .all(...params, ...(page.cursor === undefined ? [] : [page.cursor]), limit + 1) as AuditRow[];
      const more = rows.length > limit;
      const entries = rows.slice(0, limit).map(rowToAudit);
      return { entries, total, nextCursor: more ? entries[entries.length - 1]!.seq : null };
    });
  }

  async *exportAuditJsonl(filter: AuditFilter = {}): AsyncGenerator<string> {
    // Keyset pages, not one open cursor: other requests may use this connection between yields.
    let cursor: number | undefined;
    for (;;) {
      const page = await this.listAudit(filter, { order: "asc", limit: 500, cursor });
      for (const e of page.entries) yield `${JSON.stringify(e)}\n`;
      if (page.nextCursor === null) return;
      cursor = page.nextCursor;
    }
  }
}

const clampLimit = (n: number | undefined) => Math.min(Math.max(Math.trunc(n ?? 50), 1), 1000);

function ioError(e: unknown, file: string): StoreError | unknown {
  const code = (e as { code?: string })?.code;
  if (code === "EACCES" || code === "EROFS" || code === "ENOTDIR" || code === "EEXIST") {
    return new StoreError(
      "io",
      `Cannot create the Lockbridge data directory for ${file} (${code}). Set LOCKBRIDGE_DATA_DIR to a writable directory.`,
      file,
      { cause: e },
    );
  }
  return e;
}
