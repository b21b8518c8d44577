-- Lockbridge store, version 2: apply runs, so progress and resume tokens survive a restart.
-- A run is written when it starts, before each AWS write it sends (touched/written), and when it ends.
-- A run still 'running' when the server starts was interrupted: it is marked failed and can be resumed.

CREATE TABLE apply_runs (
  run_id        TEXT PRIMARY KEY,
  -- The saved plan this run applies, or NULL for an apply from the wizard.
  plan_id       TEXT,
  status        TEXT NOT NULL,
  actor         TEXT,
  -- RunSnapshot (what the page shows), the approved baseline (lib/apply/resume.ts), and the change ids
  -- whose write was sent (touched) or succeeded (written): what a resume needs.
  snapshot_json TEXT NOT NULL,
  baseline_json TEXT,
  touched_json  TEXT NOT NULL,
  written_json  TEXT NOT NULL,
  started_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);
CREATE INDEX apply_runs_by_status ON apply_runs (status);
