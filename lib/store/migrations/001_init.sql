-- Lockbridge store, version 1: saved plans with their review history, and the audit log.
-- Timestamps are ISO-8601 UTC strings (toISOString), so text order is time order.

CREATE TABLE plans (
  id                  TEXT PRIMARY KEY,
  -- Compare-and-set token: every write is UPDATE ... WHERE id = ? AND status = ? AND version = ?.
  version             INTEGER NOT NULL DEFAULT 1,
  status              TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'rejected', 'applying', 'applied', 'failed')),
  input_json          TEXT NOT NULL,
  plan_json           TEXT NOT NULL,
  fingerprint         TEXT NOT NULL,
  author_name         TEXT NOT NULL,
  author_source       TEXT NOT NULL,
  source_bucket       TEXT NOT NULL,
  destination_bucket  TEXT NOT NULL,
  -- The approval is bound to the fingerprint it approved; cleared whenever the plan is edited.
  approved_fingerprint TEXT,
  approved_by_name    TEXT,
  approved_by_source  TEXT,
  approved_at         TEXT,
  approval_comment    TEXT,
  run_json            TEXT,
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL,
  CHECK ((approved_fingerprint IS NULL) = (approved_by_name IS NULL))
);
CREATE INDEX plans_by_status ON plans (status, updated_at);
CREATE INDEX plans_by_updated ON plans (updated_at);

CREATE TABLE plan_history (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  plan_id       TEXT NOT NULL REFERENCES plans (id),
  at            TEXT NOT NULL,
  actor_name    TEXT NOT NULL,
  actor_source  TEXT NOT NULL,
  from_status   TEXT,
  to_status     TEXT NOT NULL,
  event         TEXT NOT NULL,
  comment       TEXT,
  fingerprint   TEXT NOT NULL,
  run_id        TEXT
);
CREATE INDEX plan_history_by_plan ON plan_history (plan_id, id);

CREATE TABLE plan_comments (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  plan_id       TEXT NOT NULL REFERENCES plans (id),
  at            TEXT NOT NULL,
  actor_name    TEXT NOT NULL,
  actor_source  TEXT NOT NULL,
  text          TEXT NOT NULL
);
CREATE INDEX plan_comments_by_plan ON plan_comments (plan_id, id);

-- Every AWS write call. Append-only: the triggers below refuse UPDATE and DELETE.
CREATE TABLE audit_log (
  seq           INTEGER PRIMARY KEY AUTOINCREMENT,
  at            TEXT NOT NULL,
  actor         TEXT NOT NULL,
  plan_id       TEXT,
  run_id        TEXT,
  change_id     TEXT,
  account       TEXT NOT NULL CHECK (account IN ('source', 'destination')),
  account_id    TEXT NOT NULL,
  region        TEXT,
  api           TEXT NOT NULL,
  target        TEXT NOT NULL,
  request_id    TEXT,
  result        TEXT NOT NULL CHECK (result IN ('ok', 'failed')),
  error_code    TEXT,
  error_message TEXT,
  before_json   TEXT,
  after_json    TEXT,
  -- JSON array of the paths the credential scrubber removed or redacted.
  scrubbed_json TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX audit_by_plan ON audit_log (plan_id, seq);
CREATE INDEX audit_by_at ON audit_log (at);
CREATE INDEX audit_by_account ON audit_log (account_id, seq);
CREATE INDEX audit_by_api ON audit_log (api, seq);
CREATE INDEX audit_by_actor ON audit_log (actor, seq);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
