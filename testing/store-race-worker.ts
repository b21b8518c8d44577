import "server-only";
// Test helper run as a separate process (tests/store-lifecycle.test.ts): waits for a shared start
// time, then tries to claim a plan for apply, and prints the outcome as one JSON line.
import { planLifecycle } from "../lib/store/lifecycle";
import { SqliteStore } from "../lib/store/sqlite";

async function main() {
  const [dataDir, planId, fingerprint, name, startAt, migrationsDir] = process.argv.slice(2);
  const store = SqliteStore.open({ dataDir: dataDir!, migrationsDir });
  const life = planLifecycle(store, { fourEyes: true });
  while (Date.now() < Number(startAt)) await new Promise((r) => setTimeout(r, 1));
  try {
    const rec = await life.claimForApply(planId!, fingerprint!, { name: name!, source: "local" }, `run-${name}`);
    console.log(JSON.stringify({ ok: true, runId: rec.run?.runId }));
  } catch (e) {
    console.log(JSON.stringify({ ok: false, code: (e as { code?: string }).code, message: (e as Error).message }));
  } finally {
    store.close();
  }
}

void main();
