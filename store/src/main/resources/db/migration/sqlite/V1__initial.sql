-- Castellan vault schema, version 1 — SQLite.
-- The same logical schema as ../postgresql/V1__initial.sql (same tables, columns, keys and indexes); only the
-- types differ: BLOB/INTEGER/INTEGER-0-or-1 here, BYTEA/BIGINT/BOOLEAN there. Keep the two files in step.
--
-- Zero knowledge: every encrypted_* column (and public keys, salts, verifiers) is opaque bytes made by a client.
-- The server cannot read a record's title, type or fields, a folder's name, or any key that opens them.
-- Timestamps are epoch milliseconds (UTC) on both engines. Tables are STRICT so SQLite enforces column types.
-- Enumerations that will grow (link kinds, audit event types, policies) are plain TEXT without CHECK: SQLite cannot
-- alter a CHECK without rebuilding the table.

-- Vault users. The master password never reaches the server: the client sends a hash derived from it, and the server
-- keeps only a salted hash of that (auth_verifier = serverSalt(16) || HMAC-SHA256(serverSalt, authHash)). Key
-- columns are NULL while the user is 'invited'. TOTP seeds (totp_secret_encrypted once confirmed,
-- totp_pending_encrypted between setup and confirmation) are AES-GCM under the server's at-rest key, never plain;
-- totp_last_step is the newest 30-second step whose code was accepted (a code is never accepted twice).
-- An invitation is stored only as a hash of its code (invite_code_hash), single use, until invite_expires_at.
CREATE TABLE users (
    uid                   TEXT    NOT NULL PRIMARY KEY,
    email                 TEXT    NOT NULL,
    status                TEXT    NOT NULL CHECK (status IN ('active', 'disabled', 'invited')),
    is_admin              INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
    auth_salt             BLOB,
    auth_iterations       INTEGER CHECK (auth_iterations > 0),
    auth_verifier         BLOB,
    encrypted_data_key    BLOB,
    public_key            BLOB,
    encrypted_private_key BLOB,
    totp_secret_encrypted BLOB,
    totp_pending_encrypted BLOB,
    totp_last_step        INTEGER,
    invite_code_hash      BLOB,
    invite_expires_at     INTEGER,
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX users_email_ci ON users (lower(email));

-- Login sessions. Only a hash (SHA-256) of the bearer token is stored. uid names the session in logs and audit
-- events; session_key is the 32 random bytes the client may wrap its data key with (docs/api.md).
-- expires_at is the absolute timeout; the idle timeout counts from last_seen_at.
CREATE TABLE sessions (
    token_hash   BLOB    NOT NULL PRIMARY KEY,
    uid          TEXT    NOT NULL UNIQUE,
    user_uid     TEXT    NOT NULL REFERENCES users (uid) ON DELETE CASCADE,
    session_key  BLOB    NOT NULL,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    revoked      INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1))
) STRICT;
CREATE INDEX sessions_user ON sessions (user_uid);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- Folders: a user's private folder or a shared folder. The name lives in encrypted_data.
CREATE TABLE folders (
    uid            TEXT    NOT NULL PRIMARY KEY,
    kind           TEXT    NOT NULL CHECK (kind IN ('user', 'shared')),
    owner_uid      TEXT    NOT NULL REFERENCES users (uid),
    parent_uid     TEXT    REFERENCES folders (uid),
    encrypted_data BLOB    NOT NULL,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX folders_owner ON folders (owner_uid);
CREATE INDEX folders_parent ON folders (parent_uid);

-- The folder key wrapped for each member (user or team) — for shared folders this is the membership list, with
-- the member's permissions.
CREATE TABLE folder_keys (
    folder_uid           TEXT    NOT NULL REFERENCES folders (uid) ON DELETE CASCADE,
    member_kind          TEXT    NOT NULL CHECK (member_kind IN ('user', 'team')),
    member_uid           TEXT    NOT NULL,
    encrypted_folder_key BLOB    NOT NULL,
    manage_records       INTEGER NOT NULL DEFAULT 0 CHECK (manage_records IN (0, 1)),
    manage_users         INTEGER NOT NULL DEFAULT 0 CHECK (manage_users IN (0, 1)),
    can_edit             INTEGER NOT NULL DEFAULT 0 CHECK (can_edit IN (0, 1)),
    can_share            INTEGER NOT NULL DEFAULT 0 CHECK (can_share IN (0, 1)),
    created_at           INTEGER NOT NULL,
    PRIMARY KEY (folder_uid, member_kind, member_uid)
) STRICT;
CREATE INDEX folder_keys_member ON folder_keys (member_kind, member_uid);

-- Records. Title, type, fields and notes are all inside encrypted_data; the server learns none of them.
-- revision starts at 1 and grows by one on every change (optimistic concurrency).
CREATE TABLE records (
    uid            TEXT    NOT NULL PRIMARY KEY,
    owner_uid      TEXT    NOT NULL REFERENCES users (uid),
    folder_uid     TEXT    REFERENCES folders (uid),
    revision       INTEGER NOT NULL CHECK (revision >= 1),
    encrypted_data BLOB    NOT NULL,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    deleted        INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX records_owner ON records (owner_uid);
CREATE INDEX records_folder ON records (folder_uid);

-- The record key wrapped for each holder: a user (direct share or owner), a folder (key wrapped with the folder
-- key) or an application (Secrets Manager grant). expires_at makes time-limited shares.
CREATE TABLE record_keys (
    record_uid           TEXT    NOT NULL REFERENCES records (uid) ON DELETE CASCADE,
    holder_kind          TEXT    NOT NULL CHECK (holder_kind IN ('user', 'folder', 'app')),
    holder_uid           TEXT    NOT NULL,
    encrypted_record_key BLOB    NOT NULL,
    can_edit             INTEGER NOT NULL DEFAULT 0 CHECK (can_edit IN (0, 1)),
    can_share            INTEGER NOT NULL DEFAULT 0 CHECK (can_share IN (0, 1)),
    expires_at           INTEGER,
    PRIMARY KEY (record_uid, holder_kind, holder_uid)
) STRICT;
CREATE INDEX record_keys_holder ON record_keys (holder_kind, holder_uid);
CREATE INDEX record_keys_expires ON record_keys (expires_at) WHERE expires_at IS NOT NULL;

-- Every superseded revision of a record, written in the same transaction as the change that superseded it.
-- created_at is when that revision was written.
CREATE TABLE record_history (
    record_uid     TEXT    NOT NULL REFERENCES records (uid) ON DELETE CASCADE,
    revision       INTEGER NOT NULL,
    encrypted_data BLOB    NOT NULL,
    created_at     INTEGER NOT NULL,
    PRIMARY KEY (record_uid, revision)
) STRICT;

-- Links between records: a PAM resource points at its administrative credential (a pamUser record) instead of
-- embedding it, so sharing the resource never shares the credential. link_kind: 'admin_credential', ...
CREATE TABLE record_links (
    resource_uid TEXT    NOT NULL REFERENCES records (uid) ON DELETE CASCADE,
    link_kind    TEXT    NOT NULL,
    linked_uid   TEXT    NOT NULL REFERENCES records (uid) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (resource_uid, link_kind, linked_uid)
) STRICT;
CREATE INDEX record_links_linked ON record_links (linked_uid);

-- File attachments of a record: encrypted metadata (name, type, size) and the encrypted bytes, either inline or in a
-- file under the data directory (blob_path), never both. encrypted_file_key is the attachment's file key wrapped with
-- the record key (the metadata and bytes are encrypted under the file key).
CREATE TABLE attachments (
    uid            TEXT    NOT NULL PRIMARY KEY,
    record_uid     TEXT    NOT NULL REFERENCES records (uid) ON DELETE CASCADE,
    encrypted_meta BLOB    NOT NULL,
    encrypted_file_key BLOB NOT NULL,
    size           INTEGER NOT NULL CHECK (size >= 0),
    blob_path      TEXT,
    encrypted_data BLOB,
    created_at     INTEGER NOT NULL,
    CHECK ((blob_path IS NULL) <> (encrypted_data IS NULL))
) STRICT;
CREATE INDEX attachments_record ON attachments (record_uid);

-- Teams group users for roles and administration. The key-pair columns are for sharing folders to a team (the
-- team key wrapped to each member's public key); they stay NULL until that feature exists.
CREATE TABLE teams (
    uid                   TEXT    NOT NULL PRIMARY KEY,
    name                  TEXT    NOT NULL UNIQUE,
    public_key            BLOB,
    encrypted_private_key BLOB,
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL
) STRICT;

CREATE TABLE team_members (
    team_uid           TEXT    NOT NULL REFERENCES teams (uid) ON DELETE CASCADE,
    user_uid           TEXT    NOT NULL REFERENCES users (uid) ON DELETE CASCADE,
    encrypted_team_key BLOB,
    created_at         INTEGER NOT NULL,
    PRIMARY KEY (team_uid, user_uid)
) STRICT;
CREATE INDEX team_members_user ON team_members (user_uid);

-- Roles carry enforcement policies (ALLOW_PAM_ROTATION = 'true', ...) and apply to users and teams.
CREATE TABLE roles (
    uid        TEXT    NOT NULL PRIMARY KEY,
    name       TEXT    NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE role_members (
    role_uid    TEXT    NOT NULL REFERENCES roles (uid) ON DELETE CASCADE,
    member_kind TEXT    NOT NULL CHECK (member_kind IN ('user', 'team')),
    member_uid  TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (role_uid, member_kind, member_uid)
) STRICT;
CREATE INDEX role_members_member ON role_members (member_kind, member_uid);

CREATE TABLE role_enforcements (
    role_uid TEXT NOT NULL REFERENCES roles (uid) ON DELETE CASCADE,
    policy   TEXT NOT NULL,
    value    TEXT NOT NULL,
    PRIMARY KEY (role_uid, policy)
) STRICT;

-- Secrets Manager applications. The app key is wrapped with the owner's data key; the app's title etc. are under
-- the app key.
CREATE TABLE applications (
    uid                TEXT    NOT NULL PRIMARY KEY,
    owner_uid          TEXT    NOT NULL REFERENCES users (uid),
    encrypted_app_key  BLOB    NOT NULL,
    encrypted_app_data BLOB    NOT NULL,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL
) STRICT;
CREATE INDEX applications_owner ON applications (owner_uid);

-- What an application may read: a record or a folder, with that record's or folder's key wrapped with the app key.
CREATE TABLE app_grants (
    app_uid       TEXT    NOT NULL REFERENCES applications (uid) ON DELETE CASCADE,
    subject_uid   TEXT    NOT NULL,
    kind          TEXT    NOT NULL CHECK (kind IN ('record', 'folder')),
    encrypted_key BLOB    NOT NULL,
    editable      INTEGER NOT NULL DEFAULT 0 CHECK (editable IN (0, 1)),
    created_at    INTEGER NOT NULL,
    PRIMARY KEY (app_uid, subject_uid)
) STRICT;
CREATE INDEX app_grants_subject ON app_grants (subject_uid);

-- Devices (Secrets Manager clients) and gateways of an application. client_id = HMAC-SHA512(one-time token, ...);
-- public_key is bound on first use; encrypted_app_key is the app key wrapped with the one-time token.
CREATE TABLE devices (
    client_id               TEXT    NOT NULL PRIMARY KEY,
    app_uid                 TEXT    NOT NULL REFERENCES applications (uid) ON DELETE CASCADE,
    kind                    TEXT    NOT NULL CHECK (kind IN ('device', 'gateway')),
    name                    TEXT    NOT NULL,
    public_key              BLOB,
    encrypted_app_key       BLOB    NOT NULL,
    lock_ip                 INTEGER NOT NULL DEFAULT 0 CHECK (lock_ip IN (0, 1)),
    locked_ip               TEXT,
    first_access_expires_at INTEGER,
    access_expires_at       INTEGER,
    created_at              INTEGER NOT NULL,
    last_seen_at            INTEGER
) STRICT;
CREATE INDEX devices_app ON devices (app_uid);

-- The tamper-evident audit trail. seq is 1, 2, 3, ... without gaps, assigned under the append lock; each row's hash
-- covers its content and prev_hash (the previous row's hash), so a changed or missing row breaks the chain.
-- subject_uids is a comma-separated list of UIDs.
CREATE TABLE audit_events (
    seq          INTEGER NOT NULL PRIMARY KEY CHECK (seq >= 1),
    event_uid    TEXT    NOT NULL UNIQUE,
    occurred_at  INTEGER NOT NULL,
    event_type   TEXT    NOT NULL,
    actor        TEXT    NOT NULL,
    source_ip    TEXT,
    subject_uids TEXT    NOT NULL,
    result       TEXT    NOT NULL,
    details_json TEXT    NOT NULL,
    prev_hash    TEXT    NOT NULL,
    hash         TEXT    NOT NULL UNIQUE
) STRICT;
CREATE INDEX audit_events_occurred ON audit_events (occurred_at);
CREATE INDEX audit_events_type ON audit_events (event_type, occurred_at);

-- Server-wide settings (for example the product version that owns the schema).
CREATE TABLE server_settings (
    name  TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- Hashes of transmission keys already used, kept until they expire, so a captured request cannot be replayed.
CREATE TABLE used_transmission_keys (
    hash       BLOB    NOT NULL PRIMARY KEY,
    expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX used_transmission_keys_expires ON used_transmission_keys (expires_at);

-- Failed-login counters, shared by every server node: one row per account (e-mail) and per source address, keyed
-- by a keyed hash of 'account:<e-mail>' / 'ip:<address>' (no raw e-mail or address). blocked_until is the time
-- before which the next attempt is refused (growing delays); locked marks an account locked until an
-- administrator re-enables it.
CREATE TABLE login_throttle (
    subject_hash    TEXT    NOT NULL PRIMARY KEY,
    failures        INTEGER NOT NULL CHECK (failures >= 0),
    last_failure_at INTEGER NOT NULL,
    blocked_until   INTEGER NOT NULL,
    locked          INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1))
) STRICT;
