-- Castellan schema, version 10 — SQLite: "rotate after share expiry".
-- The same logical schema as ../postgresql/V10__share_rotate_on_expiration.sql; only the types differ. Keep the two in
-- step.
--
-- A time-limited direct share of a pamUser record may ask that the credential be rotated when the share ends (Keeper's
-- rotateOnExpiration): the sweeper that deletes the expired share submits one rotation job of the record in the same
-- transaction. Server-side metadata the server enforces, so it lives here and not in the encrypted record.
ALTER TABLE record_keys ADD COLUMN rotate_on_expiration INTEGER NOT NULL DEFAULT 0
    CHECK (rotate_on_expiration IN (0, 1));
