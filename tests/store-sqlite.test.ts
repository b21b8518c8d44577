// The SQLite file: created and migrated on first start, idempotent re-open, and clear errors for a
// corrupted, locked or wrongly migrated database.
import Database from "better-sqlite3";
import { copyFileSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, writeFileSync, writeSync, closeSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { StoreError } from "@/lib/store/errors";
import { DB_FILE_NAME, SqliteStore } from "@/lib/store/sqlite";
import { alice, openTemp, samplePlan, tempDir } from "@/testing/store-fixtures";

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});
const temp = () => {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return t.dir;
};

function expectStoreError(fn: () => unknown, code: string, ...messages: RegExp[]): StoreError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(StoreError);
  const err = caught as StoreError;
  expect(err.code).toBe(code);
  for (const m of messages) expect(err.message).toMatch(m);
  return err;
}

const migrationFiles = readdirSync(path.join(process.cwd(), "lib/store/migrations")).filter((f) => f.endsWith(".sql"));

describe("opening the store", () => {
  it("creates the data directory and the file, applies every migration, and records the schema version", () => {
    const dir = path.join(temp(), "nested", "data");
    const store = SqliteStore.open({ dataDir: dir });
    try {
      expect(existsSync(path.join(dir, DB_FILE_NAME))).toBe(true);
      expect(store.schemaVersion).toBe(migrationFiles.length);
      const db = new Database(path.join(dir, DB_FILE_NAME), { readonly: true });
      const versions = db.prepare("SELECT version, name FROM schema_migrations ORDER BY version").all();
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
      const journal = db.pragma("journal_mode", { simple: true });
      db.close();
      expect(versions).toEqual(migrationFiles.sort().map((name, i) => ({ version: i + 1, name })));
      expect(tables).toEqual(expect.arrayContaining(["plans", "plan_history", "plan_comments", "audit_log", "schema_migrations"]));
      expect(journal).toBe("wal");
    } finally {
      store.close();
    }
  });

  it("re-opens idempotently and keeps the data", async () => {
    const dir = temp();
    const first = SqliteStore.open({ dataDir: dir });
    const { input, plan } = samplePlan();
    await first.createPlan({
      id: "p1",
      status: "draft",
      input,
      plan,
      fingerprint: plan.fingerprint,
      author: alice,
      createdAt: "2026-01-01T00:00:00.000Z",
      history: {
        at: "2026-01-01T00:00:00.000Z",
        actor: alice,
        from: null,
        to: "draft",
        event: "created",
        comment: null,
        fingerprint: plan.fingerprint,
        runId: null,
      },
    });
    first.close();
    const second = SqliteStore.open({ dataDir: dir });
    try {
      expect(second.schemaVersion).toBe(migrationFiles.length);
      expect((await second.getPlan("p1"))?.fingerprint).toBe(plan.fingerprint);
      const db = new Database(second.file, { readonly: true });
      expect(db.prepare("SELECT count(*) FROM schema_migrations").pluck().get()).toBe(migrationFiles.length);
      db.close();
    } finally {
      second.close();
    }
  });

  it("applies a new migration added later, in order, on the next open", () => {
    const dir = temp();
    const migrations = path.join(temp(), "migrations");
    mkdirSync(migrations);
    for (const f of migrationFiles) copyFileSync(path.join(process.cwd(), "lib/store/migrations", f), path.join(migrations, f));
    SqliteStore.open({ dataDir: dir, migrationsDir: migrations }).close();
    const next = String(migrationFiles.length + 1).padStart(3, "0");
    writeFileSync(path.join(migrations, `${next}_add_note.sql`), "ALTER TABLE plans ADD COLUMN note TEXT;\n");
    const store = SqliteStore.open({ dataDir: dir, migrationsDir: migrations });
    store.close();
    expect(store.schemaVersion).toBe(migrationFiles.length + 1);
    const db = new Database(path.join(dir, DB_FILE_NAME), { readonly: true });
    expect(db.prepare("SELECT name FROM pragma_table_info('plans') WHERE name = 'note'").pluck().get()).toBe("note");
    db.close();
  });

  it("rolls a failing migration back and says which one failed", () => {
    const dir = temp();
    const migrations = path.join(temp(), "migrations");
    mkdirSync(migrations);
    for (const f of migrationFiles) copyFileSync(path.join(process.cwd(), "lib/store/migrations", f), path.join(migrations, f));
    const next = String(migrationFiles.length + 1).padStart(3, "0");
    writeFileSync(path.join(migrations, `${next}_broken.sql`), "CREATE TABLE half_done (x INTEGER);\nTHIS IS NOT SQL;\n");
    expectStoreError(
      () => SqliteStore.open({ dataDir: dir, migrationsDir: migrations }),
      "migration",
      new RegExp(`${next}_broken\\.sql failed`),
      /Nothing was changed/,
    );
    const db = new Database(path.join(dir, DB_FILE_NAME), { readonly: true });
    // The whole batch was one transaction: not even 001 is recorded, and half_done does not exist.
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name IN ('half_done', 'plans')").pluck().get()).toBe(0);
    db.close();
  });

  it("refuses a database written by a newer Lockbridge, and a migration edited after it ran", () => {
    const dir = temp();
    SqliteStore.open({ dataDir: dir }).close();
    const db = new Database(path.join(dir, DB_FILE_NAME));
    db.prepare("INSERT INTO schema_migrations VALUES (99, '099_future.sql', 'x', '2030-01-01T00:00:00.000Z')").run();
    db.close();
    expectStoreError(
      () => SqliteStore.open({ dataDir: dir }),
      "migration",
      /schema version 99/,
      /newer than this Lockbridge/,
      new RegExp(DB_FILE_NAME),
    );

    const dir2 = temp();
    SqliteStore.open({ dataDir: dir2 }).close();
    const db2 = new Database(path.join(dir2, DB_FILE_NAME));
    db2.prepare("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1").run();
    db2.close();
    expectStoreError(() => SqliteStore.open({ dataDir: dir2 }), "migration", /001_init\.sql changed after it was applied/);
  });
});

describe("a damaged database file", () => {
  it("a file of garbage bytes → StoreError corrupt naming the file and what to do", () => {
    const dir = temp();
    const file = path.join(dir, DB_FILE_NAME);
    writeFileSync(file, Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919 + 13) % 251)));
    const err = expectStoreError(
      () => SqliteStore.open({ dataDir: dir }),
      "corrupt",
      /not a valid SQLite database or is damaged/,
      /move the file/,
      /restore it from a backup/,
    );
    expect(err.message).toContain(file);
    expect(err.file).toBe(file);
  });

  it("damaged pages inside a real database → StoreError corrupt on the read that hits them", async () => {
    const t = openTemp();
    cleanups.push(t.close);
    const { input, plan } = samplePlan();
    for (let i = 0; i < 30; i++) {
      await t.store.appendAudit({
        actor: "alice",
        planId: null,
        runId: null,
        account: "source",
        accountId: "111122223333",
        api: "PutBucketPolicy",
        target: `bucket-${i}`,
        result: "ok",
        before: { n: i, pad: "x".repeat(2000) },
        after: null,
      });
    }
    await t.store.createPlan({
      id: "p",
      status: "draft",
      input,
      plan,
      fingerprint: plan.fingerprint,
      author: alice,
      createdAt: "2026-01-01T00:00:00.000Z",
      history: {
        at: "2026-01-01T00:00:00.000Z",
        actor: alice,
        from: null,
        to: "draft",
        event: "created",
        comment: null,
        fingerprint: plan.fingerprint,
        runId: null,
      },
    });
    t.store.close();
    const file = path.join(t.dir, DB_FILE_NAME);
    // Fold the WAL into the main file, then overwrite everything after the first two pages.
    const db = new Database(file);
    db.pragma("wal_checkpoint(TRUNCATE)");
    db.pragma("journal_mode = DELETE");
    db.close();
    const size = readFileSync(file).length;
    const fd = openSync(file, "r+");
    writeSync(fd, Buffer.alloc(size - 8192, 0xa5), 0, size - 8192, 8192);
    closeSync(fd);
    let caught: unknown;
    try {
      const reopened = t.open();
      await reopened.listAudit({}, { limit: 100 });
      await reopened.getPlan("p");
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(StoreError);
    expect((caught as StoreError).code).toBe("corrupt");
    expect((caught as StoreError).message).toContain(file);
  });
});

describe("a locked database", () => {
  it("another connection holding the write lock → StoreError locked on write, reads still work (WAL)", async () => {
    const t = openTemp({ busyTimeoutMs: 50 });
    cleanups.push(t.close);
    const other = new Database(path.join(t.dir, DB_FILE_NAME));
    // Holds the write lock, like a Lockbridge instance in the middle of a write or a sqlite3 shell.
    other.exec("BEGIN IMMEDIATE; CREATE TABLE held (x);");
    try {
      await expect(t.store.listAudit()).resolves.toMatchObject({ total: 0 });
      const write = t.store.appendAudit({
        actor: "a",
        planId: null,
        runId: null,
        account: "source",
        accountId: "111122223333",
        api: "PutBucketPolicy",
        target: "b",
        result: "ok",
        before: null,
        after: null,
      });
      await expect(write).rejects.toBeInstanceOf(StoreError);
      await expect(write).rejects.toMatchObject({ code: "locked", message: expect.stringMatching(/is locked by another process/) });
    } finally {
      other.exec("ROLLBACK");
      other.close();
    }
    // Once released, writes go through again.
    await expect(
      t.store.appendAudit({
        actor: "a",
        planId: null,
        runId: null,
        account: "source",
        accountId: "111122223333",
        api: "PutBucketPolicy",
        target: "b",
        result: "ok",
        before: null,
        after: null,
      }),
    ).resolves.toMatchObject({ seq: 1 });
  });

  it("an EXCLUSIVE lock held while the store opens a new file → StoreError locked naming the file", () => {
    const dir = temp();
    const file = path.join(dir, DB_FILE_NAME);
    const other = new Database(file);
    other.exec("CREATE TABLE t (x); BEGIN EXCLUSIVE; INSERT INTO t VALUES (1);");
    try {
      const err = expectStoreError(
        () => SqliteStore.open({ dataDir: dir, busyTimeoutMs: 50 }),
        "locked",
        /locked by another process/,
        /wait and retry/,
      );
      expect(err.message).toContain(file);
    } finally {
      other.exec("ROLLBACK");
      other.close();
    }
  });
});
