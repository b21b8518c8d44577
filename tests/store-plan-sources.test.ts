// Migration 003 (plans.source_count): plans saved by an older Lockbridge, before a plan could hold several
// sources, still open and list as one-source plans after the upgrade.
import Database from "better-sqlite3";
import { copyFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DB_FILE_NAME, SqliteStore } from "@/lib/store/sqlite";
import { samplePlan, tempDir } from "@/testing/store-fixtures";

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

const AT = "2026-01-01T00:00:00.000Z";

describe("plans saved before several sources per plan", () => {
  it("keep working after migration 003: they are one-source plans", async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const older = path.join(t.dir, "migrations-v2");
    mkdirSync(older);
    for (const f of ["001_init.sql", "002_apply_runs.sql"])
      copyFileSync(path.join(process.cwd(), "lib", "store", "migrations", f), path.join(older, f));
    SqliteStore.open({ dataDir: t.dir, migrationsDir: older }).close();

    // A row as version 2 wrote it (no source_count column yet).
    const { input, plan } = samplePlan();
    const db = new Database(path.join(t.dir, DB_FILE_NAME));
    db.prepare(
      `INSERT INTO plans (id, version, status, input_json, plan_json, fingerprint, author_name, author_source, source_bucket,
         destination_bucket, created_at, updated_at) VALUES (?, 1, 'draft', ?, ?, ?, 'Alice', 'local', ?, ?, ?, ?)`,
    ).run(
      "old-plan-1",
      JSON.stringify(input),
      JSON.stringify(plan),
      plan.fingerprint,
      input.accounts.source.bucket,
      input.accounts.destination.bucket,
      AT,
      AT,
    );
    db.close();

    const store = SqliteStore.open({ dataDir: t.dir });
    try {
      expect(store.schemaVersion).toBeGreaterThanOrEqual(3);
      const { plans } = await store.listPlans();
      expect(plans).toEqual([expect.objectContaining({ id: "old-plan-1", sourceCount: 1, sourceBucket: input.accounts.source.bucket })]);
      const rec = await store.getPlan("old-plan-1");
      expect(rec?.plan.fingerprint).toBe(plan.fingerprint);
      expect(rec?.input).toEqual(input);
    } finally {
      store.close();
    }
  });
});
