-- Castellan schema, version 13 — SQLite: per-resource PAM settings the server enforces.
-- The same logical schema as ../postgresql/V13__pam_resource_settings.sql; only the types differ. Keep the two in step.
--
-- KeeperPAM keeps a resource's "tunneling enabled" switch in the record's pamSettings, which a zero-knowledge server
-- cannot read; the switch the server enforces lives here instead, set by a user who may edit the record
-- ('pam tunnel edit UID --enable-tunneling'). No row means tunneling is off for the record (KeeperPAM's default).
CREATE TABLE pam_resource_settings (
    record_uid TEXT    NOT NULL PRIMARY KEY REFERENCES records (uid) ON DELETE CASCADE,
    tunneling  INTEGER NOT NULL DEFAULT 0 CHECK (tunneling IN (0, 1)),
    updated_by TEXT    NOT NULL REFERENCES users (uid),
    updated_at INTEGER NOT NULL
) STRICT;
