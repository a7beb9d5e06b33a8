-- Castellan schema, version 3 — PostgreSQL: gateways, their Router connections and their jobs.
-- The same logical schema as ../sqlite/V3__gateways.sql; only the types differ. Keep the two in step.
-- Nothing here is secret: names, UIDs, node ids, addresses, states and scrubbed one-line summaries.
-- Timestamps are epoch milliseconds.

-- A gateway is a Secrets Manager client of kind 'gateway' (devices row) with a user-facing UID and name. Removing the
-- device removes the gateway (and its connection row); its jobs stay for the record (no foreign key to gateways).
CREATE TABLE gateways (
    uid        TEXT    NOT NULL PRIMARY KEY,
    client_id  TEXT    NOT NULL UNIQUE REFERENCES devices (client_id) ON DELETE CASCADE,
    app_uid    TEXT    NOT NULL REFERENCES applications (uid) ON DELETE CASCADE,
    name       TEXT    NOT NULL,
    created_by TEXT    NOT NULL,
    -- when the gateway was last connected, kept after its socket closed (for 'pam gateway list')
    last_seen_at BIGINT,
    created_at BIGINT  NOT NULL
);
CREATE INDEX gateways_app ON gateways (app_uid);

-- The live Router socket of a gateway: which server node holds it. One row while connected (or until a node that
-- died is noticed through last_seen_at going stale); deleted when the socket closes.
CREATE TABLE gateway_connections (
    gateway_uid    TEXT    NOT NULL PRIMARY KEY REFERENCES gateways (uid) ON DELETE CASCADE,
    node_id        TEXT    NOT NULL,
    connection_id  TEXT    NOT NULL,
    connected_at   BIGINT  NOT NULL,
    last_seen_at   BIGINT  NOT NULL,
    version        TEXT    NOT NULL,
    remote_address TEXT,
    started_at     BIGINT  NOT NULL
);
CREATE INDEX gateway_connections_node ON gateway_connections (node_id);


-- Commands sent to gateways. record_uids is a JSON array of UIDs, details a JSON object of non-secret key/values.
CREATE TABLE gateway_jobs (
    id           TEXT    NOT NULL PRIMARY KEY,
    gateway_uid  TEXT    NOT NULL,
    command      TEXT    NOT NULL,
    record_uids  TEXT    NOT NULL,
    args         TEXT    NOT NULL,
    state        TEXT    NOT NULL CHECK (state IN ('queued', 'sent', 'running', 'succeeded', 'failed', 'rejected',
                                                   'timed_out')),
    summary      TEXT,
    details      TEXT,
    requested_by TEXT    NOT NULL,
    on_demand    BOOLEAN NOT NULL,
    timeout_ms   BIGINT  NOT NULL CHECK (timeout_ms > 0),
    created_at   BIGINT  NOT NULL,
    updated_at   BIGINT  NOT NULL,
    deadline     BIGINT 
);
CREATE INDEX gateway_jobs_gateway_state ON gateway_jobs (gateway_uid, state);
CREATE INDEX gateway_jobs_deadline ON gateway_jobs (state, deadline);
