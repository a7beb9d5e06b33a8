-- Castellan schema, version 10 — PostgreSQL: "rotate after share expiry".
-- The same logical schema as ../sqlite/V10__share_rotate_on_expiration.sql; only the types differ. Keep the two in step.
--
-- A time-limited direct share of a pamUser record may ask that the credential be rotated when the share ends (Keeper's
-- rotateOnExpiration): the sweeper that deletes the expired share submits one rotation job of the record in the same
-- transaction. Server-side metadata the server enforces, so it lives here and not in the encrypted record.
ALTER TABLE record_keys ADD COLUMN rotate_on_expiration BOOLEAN NOT NULL DEFAULT FALSE;
