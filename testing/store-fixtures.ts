import "server-only";
// Test helpers for the store (imported by tests only): temporary data directories, a real plan.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freshObserved, TEST_ACCOUNTS } from "./plan-fixtures";
import { buildPlan } from "../lib/plan/build";
import type { Plan } from "../lib/plan/types";
import { defaultWizardInput, wizardInput, type WizardDefaultsPartial, type WizardInput } from "../lib/schema/wizard";
import { SqliteStore, type SqliteStoreOptions } from "../lib/store/sqlite";
import type { Actor } from "../lib/store/types";

export const alice: Actor = { name: "alice@example.com", source: "local" };
export const bob: Actor = { name: "bob@example.com", source: "local" };
export const carol: Actor = { name: "carol@example.com", source: "proxy-header" };

export function sampleInput(rule: WizardDefaultsPartial["rule"] = {}): WizardInput {
  return wizardInput.parse(defaultWizardInput({ accounts: TEST_ACCOUNTS, rule }));
}

export function samplePlan(input: WizardInput = sampleInput()): { input: WizardInput; plan: Plan } {
  return { input, plan: buildPlan(input, freshObserved(input)) };
}

/** A fresh temporary directory, removed by the returned cleanup. */
export function tempDir(prefix = "lockbridge-store-"): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function openTemp(o: Partial<SqliteStoreOptions> = {}) {
  const { dir, cleanup } = tempDir();
  const stores: SqliteStore[] = [];
  const open = (extra: Partial<SqliteStoreOptions> = {}) => {
    const s = SqliteStore.open({ dataDir: dir, ...o, ...extra });
    stores.push(s);
    return s;
  };
  const store = open();
  return {
    dir,
    store,
    /** A second connection to the same file (another server process, as far as SQLite can tell). */
    open,
    close: () => {
      for (const s of stores) {
        try {
          s.close();
        } catch {
          // already closed
        }
      }
      cleanup();
    },
  };
}
