-- Castellan schema, version 2 — PostgreSQL: Secrets Manager applications, devices and the device API.
-- The same logical schema as ../sqlite/V2__secrets_manager.sql; only the types differ. Keep the two in step.
-- V1 already holds applications, app_grants and devices (client_id, bound public_key, IP lock, expiries).
--
-- Zero knowledge as in V1: every encrypted_* column is ciphertext a client made under a key the server never holds
-- (app key, record key, folder key, file key, a user's public key). Timestamps are epoch milliseconds.

-- Users an application is shared with (the owner is applications.owner_uid and is not listed here). role 'admin'
-- manages grants and clients; 'viewer' sees them. encrypted_app_key is the app key sealed (ECIES) to the member.
CREATE TABLE app_members (
    app_uid           TEXT    NOT NULL REFERENCES applications (uid) ON DELETE CASCADE,
    user_uid          TEXT    NOT NULL REFERENCES users (uid) ON DELETE CASCADE,
    role              TEXT    NOT NULL CHECK (role IN ('admin', 'viewer')),
    encrypted_app_key BYTEA   NOT NULL,
    created_at        BIGINT  NOT NULL,
    PRIMARY KEY (app_uid, user_uid)
);
CREATE INDEX app_members_user ON app_members (user_uid);

-- For a folder grant: the shared folder's name as Keeper SDKs read it in get_folders, AES-256-CBC under the folder
-- key ({"name": ...}), made by the granting client. NULL when the client did not supply it.
ALTER TABLE app_grants ADD COLUMN folder_data BYTEA;

-- A device's rotation transaction (update_secret with transactionType "rotation"): the new data waits here, not
-- visible as the record's current data, until finalize_secret_update commits it (the current revision goes to
-- record_history) or rollback_secret_update discards it. At most one per record; a second rotation update replaces
-- encrypted_data. base_revision is the record revision the device read.
CREATE TABLE sm_pending_updates (
    record_uid     TEXT    NOT NULL PRIMARY KEY REFERENCES records (uid) ON DELETE CASCADE,
    app_uid        TEXT    NOT NULL REFERENCES applications (uid) ON DELETE CASCADE,
    client_id      TEXT    NOT NULL,
    base_revision  BIGINT  NOT NULL CHECK (base_revision >= 1),
    encrypted_data BYTEA   NOT NULL,
    created_at     BIGINT  NOT NULL,
    updated_at     BIGINT  NOT NULL
);
CREATE INDEX sm_pending_updates_app ON sm_pending_updates (app_uid);

-- Folders a device made inside a shared folder (Keeper's sub-folders). encrypted_folder_key is the sub-folder's key
-- AES-256-CBC under the shared folder's key; encrypted_data is {"name": ...} AES-256-CBC under the sub-folder's own
-- key. parent_uid NULL means directly under the shared folder.
CREATE TABLE sm_subfolders (
    uid                  TEXT    NOT NULL PRIMARY KEY,
    shared_folder_uid    TEXT    NOT NULL REFERENCES folders (uid) ON DELETE CASCADE,
    parent_uid           TEXT    REFERENCES sm_subfolders (uid) ON DELETE CASCADE,
    encrypted_folder_key BYTEA   NOT NULL,
    encrypted_data       BYTEA   NOT NULL,
    created_at           BIGINT  NOT NULL,
    updated_at           BIGINT  NOT NULL
);
CREATE INDEX sm_subfolders_shared ON sm_subfolders (shared_folder_uid);
CREATE INDEX sm_subfolders_parent ON sm_subfolders (parent_uid);

-- Which sub-folder a record of a shared folder sits in (the record itself stays filed in the shared folder).
CREATE TABLE sm_record_subfolders (
    record_uid    TEXT NOT NULL PRIMARY KEY REFERENCES records (uid) ON DELETE CASCADE,
    subfolder_uid TEXT NOT NULL REFERENCES sm_subfolders (uid) ON DELETE CASCADE
);
CREATE INDEX sm_record_subfolders_folder ON sm_record_subfolders (subfolder_uid);

-- One-time upload tokens of add_file, stored as SHA-256 hashes. The multipart upload to the token's URL stores the
-- file as an attachment of owner_record_uid (file_uid, encrypted_file_key = the file key under the record key,
-- encrypted_meta = the file's metadata under the file key) and replaces the owner record's data with
-- owner_record_data (its new fileRef), if the record is still at base_revision. Single use; dead after expires_at.
CREATE TABLE sm_file_uploads (
    token_hash         BYTEA   NOT NULL PRIMARY KEY,
    client_id          TEXT    NOT NULL REFERENCES devices (client_id) ON DELETE CASCADE,
    app_uid            TEXT    NOT NULL REFERENCES applications (uid) ON DELETE CASCADE,
    owner_record_uid   TEXT    NOT NULL REFERENCES records (uid) ON DELETE CASCADE,
    base_revision      BIGINT  NOT NULL CHECK (base_revision >= 1),
    file_uid           TEXT    NOT NULL,
    encrypted_file_key BYTEA   NOT NULL,
    encrypted_meta     BYTEA   NOT NULL,
    owner_record_data  BYTEA   NOT NULL,
    max_size           BIGINT  NOT NULL CHECK (max_size >= 0),
    expires_at         BIGINT  NOT NULL,
    created_at         BIGINT  NOT NULL
);
CREATE INDEX sm_file_uploads_expires ON sm_file_uploads (expires_at);
CREATE INDEX sm_file_uploads_client ON sm_file_uploads (client_id);
