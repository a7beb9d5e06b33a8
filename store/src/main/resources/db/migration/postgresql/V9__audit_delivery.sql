-- Castellan schema, version 9 — PostgreSQL: SIEM export sinks, alert rules and their delivery cursors.
-- The same logical schema as the other dialect's V9__audit_delivery.sql; only the types differ. Keep the two in step.
--
-- A sink or alert rule keeps its non-secret settings as JSON and its secret settings (tokens, Authorization headers,
-- SMTP passwords, Slack/Teams URLs) as one JSON object sealed with the server's at-rest key (AES-256-GCM, bound to
-- "audit-sink:<name>" or "alert-rule:<name>"), so the database alone never holds them in the clear.
CREATE TABLE audit_sinks (
    name          TEXT   NOT NULL PRIMARY KEY,
    sink_type     TEXT   NOT NULL,
    settings_json TEXT   NOT NULL,
    secret_sealed BYTEA,
    created_at    BIGINT NOT NULL
);

-- An alert rule: the event types it matches (comma-separated), its filters (JSON: user, record, gateway, result),
-- and the channel it delivers to. channel 'log' writes an ALERT log line only (the default rule's first state).
CREATE TABLE alert_rules (
    name          TEXT   NOT NULL PRIMARY KEY,
    event_types   TEXT   NOT NULL,
    filters_json  TEXT   NOT NULL,
    channel       TEXT   NOT NULL,
    settings_json TEXT   NOT NULL,
    secret_sealed BYTEA,
    created_at    BIGINT NOT NULL
);

-- One delivery cursor per sink ('sink:<name>') or alert rule ('alert:<name>'): the audit table is the queue and
-- last_seq the last event the target accepted (delivery is at-least-once: the cursor moves only after acceptance).
-- lease_owner/lease_until: the server node delivering to this target; another node takes over only after the lease
-- expired (claimed by a conditional UPDATE, so two nodes never deliver at once).
CREATE TABLE audit_delivery_cursors (
    target          TEXT   NOT NULL PRIMARY KEY,
    last_seq        BIGINT NOT NULL,
    last_error      TEXT,
    last_error_at   BIGINT,
    last_success_at BIGINT,
    lease_owner     TEXT,
    lease_until     BIGINT
);
