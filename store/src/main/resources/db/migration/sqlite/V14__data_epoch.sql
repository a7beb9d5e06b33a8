-- Castellan schema, version 14 — SQLite: a counter that every change to what a Secrets Manager device is served
-- moves forward. The same logical schema as ../postgresql/V14__data_epoch.sql; keep the two in step.
--
-- The server keeps each application's last get_secret snapshot in memory (ciphertext and wrapped keys only) and
-- serves it again while the counter's value, read in the request's own read transaction, is the one it was loaded
-- under. Triggers move the counter in the writing transaction itself, so a change is seen by the next request the
-- moment it commits, whichever code path wrote it. SQLite has one writer at a time, so one row is enough; the table
-- has PostgreSQL's shape (readers sum the rows).
CREATE TABLE data_epoch (
    shard INTEGER NOT NULL PRIMARY KEY,
    n     INTEGER NOT NULL
);
INSERT INTO data_epoch (shard, n) VALUES (0, 0);

-- Every table the get_secret answer is built from (server device/SecretsEndpoints, store AppViewRepository).
CREATE TRIGGER applications_data_epoch_insert AFTER INSERT ON applications
BEGIN
    UPDATE data_epoch SET n = n + 1 WHERE shard = 0;
END;
CREATE TRIGGER applications_data_epoch_update AFTER UPDATE ON applications
BEGIN
    UPDATE data_epoch SET n = n + 1 WHERE shard = 0;
END;
CREATE TRIGGER applications_data_epoch_delete AFTER DELETE ON applications
BEGIN
    UPDATE data_epoch SET n = n + 1 WHERE shard = 0;
END;
CREATE TRIGGER app_grants_data_epoch_insert AFTER INSERT ON app_grants
BEGIN
    UPDATE data_epoch SET n = n + 1 WHERE shard = 0;
END;
CREATE TRIGGER app_grants_data_epoch_update AFTER UPDATE ON app_grants
BEGIN
    UPDATE data_epoch SET n = n + 1 WHERE shard = 0;
END;
CREATE TRIGGER app_grants_data_epoch_delete AFTER DELETE ON app_grants
BEGIN
    UPDATE data_epoch SET n = n + 1 WHERE shard = 0;
END;
CREATE TRIGGER records_data_epoch_insert AFTER INSERT ON records
BEGIN
    UPDATE data_epoch SET n = n + 1 WHERE shard = 0;
END;
CREATE TRIGGER records_data_epoch_update AFTER UPDATE ON records
BEGIN
    UPDATE data_epoch SET n = n + 1 WHERE shard = 0;
END;
CREATE TRIGGER records_data_epoch_delete AFTER DELETE ON records
BEGIN
    UPDATE data_epoch SET n = n + 1 WHERE shard = 0;
END;
CREATE TRIGGER folders_data_epoch_insert AFTER INSERT ON folders
BEGIN
    UPDATE data_epoch SET n = n + 1 WHERE shard = 0;
END;
CREATE TRIGGER folders_data_epoch_update AFTER UPDATE ON folders
BEGIN
    UPDATE data_epoch SET n = n + 1 WHERE shard = 0;
END;
CREATE TRIGGER folders_data_epoch_delete AFTER DELETE ON folders
BEGIN
    UPDATE data_epoch SET n = n + 1 WHERE shard = 0;
END;
CREATE TRIGGER record_keys_data_epoch_insert AFTER INSERT ON record_keys
BEGIN
    UPDATE data_epoch SET n = n + 1 WHERE shard = 0;
END;
CREATE TRIGGER record_keys_data_epoch_update AFTER UPDATE ON record_keys
BEGIN
    UPDATE data_epoch SET n = n + 1 WHERE shard = 0;
END;
CREATE TRIGGER record_keys_data_epoch_delete AFTER DELETE ON record_keys
BEGIN
    UPDATE data_epoch SET n = n + 1 WHERE shard = 0;
END;
CREATE TRIGGER sm_record_subfolders_data_epoch_insert AFTER INSERT ON sm_record_subfolders
BEGIN
    UPDATE data_epoch SET n = n + 1 WHERE shard = 0;
END;
CREATE TRIGGER sm_record_subfolders_data_epoch_update AFTER UPDATE ON sm_record_subfolders
BEGIN
    UPDATE data_epoch SET n = n + 1 WHERE shard = 0;
END;
CREATE TRIGGER sm_record_subfolders_data_epoch_delete AFTER DELETE ON sm_record_subfolders
BEGIN
    UPDATE data_epoch SET n = n + 1 WHERE shard = 0;
END;
CREATE TRIGGER attachments_data_epoch_insert AFTER INSERT ON attachments
BEGIN
    UPDATE data_epoch SET n = n + 1 WHERE shard = 0;
END;
CREATE TRIGGER attachments_data_epoch_update AFTER UPDATE ON attachments
BEGIN
    UPDATE data_epoch SET n = n + 1 WHERE shard = 0;
END;
CREATE TRIGGER attachments_data_epoch_delete AFTER DELETE ON attachments
BEGIN
    UPDATE data_epoch SET n = n + 1 WHERE shard = 0;
END;
