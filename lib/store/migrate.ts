import "server-only";
// Schema migrations: lib/store/migrations/NNN_name.sql, applied in order, all pending ones in one
// BEGIN IMMEDIATE transaction, each recorded in schema_migrations with a checksum. A migration that
// was edited after it ran, or a database written by a newer Lockbridge, stops the open with a message.
import type Database from "better-sqlite3";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { StoreError, classifySqliteError } from "./errors";

export type Migration = { version: number; name: string; sql: string; checksum: string };

// Next.js bundles server code into .next/, so the SQL files are found from the working directory
// (npm start and the tests run from the repository root), not from this module's location.
export const defaultMigrationsDir = () => path.join(process.cwd(), "lib", "store", "migrations");

const FILE = /^(\d{3,})_([a-z0-9_-]+)\.sql$/;

export function loadMigrations(dir: string, dbFile: string): Migration[] {
  if (!existsSync(dir)) {
    throw new StoreError(
      "migration",
      `The schema migrations folder ${dir} is missing, so the database ${dbFile} cannot be prepared. Start Lockbridge from its repository root (npm start does).`,
      dbFile,
    );
  }
  const migrations = readdirSync(dir)
    .map((f) => ({ f, m: FILE.exec(f) }))
    .filter((x): x is { f: string; m: RegExpExecArray } => x.m !== null)
    .map(({ f, m }) => {
      const sql = readFileSync(path.join(dir, f), "utf8").replace(/\r\n/g, "\n");
      return { version: Number(m[1]), name: f, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new StoreError(
        "migration",
        `Schema migrations in ${dir} must be numbered 001, 002, … without gaps or duplicates; ${m.name} is out of sequence.`,
        dbFile,
      );
    }
  });
  return migrations;
}

type Applied = { version: number; name: string; checksum: string };

const CREATE_TABLE =
  "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)";

function readApplied(db: Database.Database): Applied[] {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  return exists ? (db.prepare("SELECT version, name, checksum FROM schema_migrations ORDER BY version").all() as Applied[]) : [];
}

function check(applied: Applied[], known: Migration[], dbFile: string): void {
  for (const a of applied) {
    const m = known[a.version - 1];
    if (!m) {
      throw new StoreError(
        "migration",
        `The database ${dbFile} has schema version ${a.version} (${a.name}), newer than this Lockbridge knows (${known.length}). Run the newer Lockbridge, or restore a backup made for this version.`,
        dbFile,
      );
    }
    if (m.checksum !== a.checksum) {
      throw new StoreError(
        "migration",
        `Schema migration ${m.name} changed after it was applied to ${dbFile}. Migrations are append-only: restore the original file and add a new numbered migration instead.`,
        dbFile,
      );
    }
  }
}

/** Brings the schema up to date; returns the schema version. Idempotent. */
export function migrate(db: Database.Database, dir: string, dbFile: string, now: () => Date): number {
  const known = loadMigrations(dir, dbFile);
  const first = readApplied(db);
  check(first, known, dbFile);
  if (first.length === known.length) return known.length;

  const run = db.transaction(() => {
    db.exec(CREATE_TABLE);
    // Re-read inside the write lock: another process may have migrated since.
    const applied = readApplied(db);
    check(applied, known, dbFile);
    for (const m of known.slice(applied.length)) {
      try {
        db.exec(m.sql);
      } catch (e) {
        throw (
          classifySqliteError(e, dbFile) ??
          new StoreError(
            "migration",
            `Schema migration ${m.name} failed on ${dbFile}: ${(e as Error).message}. Nothing was changed (the migration runs in a transaction).`,
            dbFile,
            { cause: e },
          )
        );
      }
      db.prepare("INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)").run(
        m.version,
        m.name,
        m.checksum,
        now().toISOString(),
      );
    }
  });
  run.immediate();
  return known.length;
}
