import "server-only";
// Typed errors: pages show `message` as is; `code` decides what to offer (retry, fix the file, refresh).

export type StoreErrorCode = "corrupt" | "locked" | "migration" | "io";

/** The database file cannot be used. The message names the file and what to do. */
export class StoreError extends Error {
  override name = "StoreError";
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    readonly file: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export type LifecycleErrorCode =
  | "not-found"
  | "invalid-transition"
  | "conflict"
  | "fingerprint-mismatch"
  | "four-eyes"
  | "comment-required"
  | "not-applyable"
  | "invalid-input";

/** A plan action refused by the review/approval rules; the message is written for the person acting. */
export class LifecycleError extends Error {
  override name = "LifecycleError";
  constructor(
    readonly code: LifecycleErrorCode,
    message: string,
  ) {
    super(message);
  }
}

type SqliteLikeError = { code?: unknown; message?: unknown };
const sqliteCode = (e: unknown) => String((e as SqliteLikeError)?.code ?? "");

/** Maps a better-sqlite3 error to a StoreError with advice, or returns null when it is something else. */
export function classifySqliteError(e: unknown, file: string): StoreError | null {
  if (e instanceof StoreError) return e;
  const code = sqliteCode(e);
  if (code === "SQLITE_BUSY" || code.startsWith("SQLITE_BUSY_") || code === "SQLITE_LOCKED" || code.startsWith("SQLITE_LOCKED_")) {
    return new StoreError(
      "locked",
      `The Lockbridge database ${file} is locked by another process (${code}). Another Lockbridge instance or a tool (sqlite3, a backup) is writing to it; wait and retry, or stop the other process. Two Lockbridge servers must not share one SQLite file.`,
      file,
      { cause: e },
    );
  }
  if (code === "SQLITE_NOTADB" || code === "SQLITE_CORRUPT" || code.startsWith("SQLITE_CORRUPT_")) {
    return new StoreError(
      "corrupt",
      `The Lockbridge database ${file} is not a valid SQLite database or is damaged (${code}). Stop Lockbridge, move the file (and any -wal/-shm files next to it) aside or restore it from a backup, then start again: a new empty database is created.`,
      file,
      { cause: e },
    );
  }
  if (
    code === "SQLITE_CANTOPEN" ||
    code === "SQLITE_READONLY" ||
    code.startsWith("SQLITE_IOERR") ||
    code === "SQLITE_FULL" ||
    code === "SQLITE_PERM"
  ) {
    return new StoreError(
      "io",
      `The Lockbridge database ${file} cannot be opened or written (${code}: ${String((e as SqliteLikeError).message)}). Check that LOCKBRIDGE_DATA_DIR exists, is writable by this user and the disk is not full.`,
      file,
      { cause: e },
    );
  }
  return null;
}
