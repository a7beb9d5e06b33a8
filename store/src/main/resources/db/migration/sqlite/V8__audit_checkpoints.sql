-- Signed checkpoints of the audit chain: the server signs (ECDSA P-256, SHA-256, DER) the message
-- "castellan-audit-checkpoint/1\n<seq>\n<head_hash>\n<signed_at>" with its transmission key key_id, so an auditor
-- holding that public key can prove offline that the chain up to seq was not rewritten or cut short.
-- public_key is the signer's raw uncompressed P-256 point, URL-safe base64; signature is base64.
CREATE TABLE audit_checkpoints (
    seq        BIGINT  NOT NULL PRIMARY KEY CHECK (seq >= 1),
    head_hash  TEXT    NOT NULL,
    signed_at  BIGINT  NOT NULL,
    key_id     INTEGER NOT NULL,
    public_key TEXT    NOT NULL,
    signature  TEXT    NOT NULL
);
