-- Castellan schema, version 7 — SQLite: the rotation scheduler's state.
-- The same logical schema as ../postgresql/V7__rotation_schedules.sql; only the types differ. Keep the two in step.
--
-- One row per pamUser record whose rotation the scheduler tracks. next_run_at is when a server node next looks at
-- the row: the next scheduled run (job_id NULL), or the next check of the outcome of the job it submitted (job_id
-- set). NULL: nothing is due (on demand, disabled, or flagged). Nodes claim a due row by a compare-and-set UPDATE on
-- (next_run_at, job_id) in the transaction that also inserts the job, so two nodes never submit the same run.
-- consecutive_failures counts failed runs since the last success; flagged_at is set when they reach the limit, and
-- the scheduler then leaves the row alone until someone re-enables the rotation or an on-demand rotation succeeds.
CREATE TABLE rotation_schedules (
    record_uid           TEXT    NOT NULL PRIMARY KEY REFERENCES pam_rotation_settings (record_uid) ON DELETE CASCADE,
    next_run_at          INTEGER,
    job_id               TEXT,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    flagged_at           INTEGER,
    last_run_at          INTEGER,
    updated_at           INTEGER NOT NULL
) STRICT;
CREATE INDEX rotation_schedules_due ON rotation_schedules (next_run_at);
