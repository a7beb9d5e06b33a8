-- Castellan schema, version 14 — PostgreSQL: a counter that every change to what a Secrets Manager device is served
-- moves forward. The same logical schema as ../sqlite/V14__data_epoch.sql; keep the two in step.
--
-- The server keeps each application's last get_secret snapshot in memory (ciphertext and wrapped keys only) and
-- serves it again while the counter's value, read in the request's own read transaction, is the one it was loaded
-- under. Triggers move the counter in the writing transaction itself, so a change is seen by every node's next request
-- the moment it commits, whichever code path wrote it. The counter is spread over 16 rows (the writer's transaction id
-- picks one) so concurrent writers seldom meet on one row; readers sum them, and every committed change makes the sum
-- larger. The triggers are deferred to the commit and move the counter once per transaction: the row is locked only
-- while the transaction commits, after every other lock it takes, so it cannot take part in a deadlock.
CREATE TABLE data_epoch (
    shard INTEGER NOT NULL PRIMARY KEY,
    n     BIGINT  NOT NULL
);
INSERT INTO data_epoch (shard, n) SELECT s, 0 FROM generate_series(0, 15) AS s;

CREATE FUNCTION data_epoch_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('castellan.data_epoch_moved', TRUE) IS DISTINCT FROM 'yes' THEN
        UPDATE data_epoch SET n = n + 1 WHERE shard = (txid_current() % 16)::INTEGER;
        PERFORM set_config('castellan.data_epoch_moved', 'yes', TRUE);
    END IF;
    RETURN NULL;
END;
$$;

-- Every table the get_secret answer is built from (server device/SecretsEndpoints, store AppViewRepository).
DO $$
DECLARE
    t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['applications', 'app_grants', 'records', 'folders', 'record_keys', 'sm_record_subfolders',
                             'attachments'] LOOP
        EXECUTE format('CREATE CONSTRAINT TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I'
                       ' DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION data_epoch_bump()',
                       t || '_data_epoch', t);
    END LOOP;
END;
$$;
