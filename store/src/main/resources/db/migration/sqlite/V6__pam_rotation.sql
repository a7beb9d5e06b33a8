-- Castellan schema, version 6 — SQLite: PAM configurations and rotation settings.
-- The same logical schema as ../postgresql/V6__pam_rotation.sql; only the types differ. Keep the two in step.
--
-- A PAM configuration is a vault record (pamNetworkConfiguration, pamAwsConfiguration, ...) encrypted by the client;
-- this table holds what the server must enforce about it, in plaintext: the gateway that serves it (the gateway's
-- Secrets Manager client id), the shared folder its resources live in, the environment, the features it allows and
-- its defaults. features is a comma-separated list of feature names (rotation, connections, rbi, tunneling,
-- graphical_recording, text_recording); schedule_json and port_mapping_json are validated JSON the client sent.
-- Deleting the shared folder (possible once its records are deleted) deletes the configuration's metadata.
CREATE TABLE pam_configurations (
    record_uid        TEXT    NOT NULL PRIMARY KEY REFERENCES records (uid) ON DELETE CASCADE,
    owner_uid         TEXT    NOT NULL REFERENCES users (uid),
    environment       TEXT    NOT NULL CHECK (environment IN ('local', 'aws', 'azure', 'domain')),
    gateway_uid       TEXT    NOT NULL,
    shared_folder_uid TEXT    NOT NULL REFERENCES folders (uid) ON DELETE CASCADE,
    features          TEXT    NOT NULL,
    schedule_json     TEXT,
    port_mapping_json TEXT    NOT NULL,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL
) STRICT;
CREATE INDEX pam_configurations_gateway ON pam_configurations (gateway_uid);
CREATE INDEX pam_configurations_folder ON pam_configurations (shared_folder_uid);

-- Rotation settings of one pamUser record. The plaintext columns are what the server and the gateway's job need:
-- the resource that performs the rotation, the configuration (its gateway and features), the rotation type, the
-- schedule (NULL: on demand only), whether the rotation is a no-op (record update only) and whether it is enabled.
-- encrypted_settings is AES-256-GCM under the pamUser's record key (made by the client): password complexity, the
-- special-character set and script settings the server must not read.
CREATE TABLE pam_rotation_settings (
    record_uid         TEXT    NOT NULL PRIMARY KEY REFERENCES records (uid) ON DELETE CASCADE,
    resource_uid       TEXT    NOT NULL REFERENCES records (uid) ON DELETE CASCADE,
    config_uid         TEXT    NOT NULL REFERENCES pam_configurations (record_uid) ON DELETE CASCADE,
    rotation_type      TEXT    NOT NULL CHECK (rotation_type IN ('general', 'iam_user', 'scripts_only')),
    schedule_json      TEXT,
    noop               INTEGER NOT NULL DEFAULT 0 CHECK (noop IN (0, 1)),
    enabled            INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    encrypted_settings BLOB    NOT NULL,
    updated_by         TEXT    NOT NULL REFERENCES users (uid),
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL
) STRICT;
CREATE INDEX pam_rotation_settings_config ON pam_rotation_settings (config_uid);
CREATE INDEX pam_rotation_settings_resource ON pam_rotation_settings (resource_uid);
