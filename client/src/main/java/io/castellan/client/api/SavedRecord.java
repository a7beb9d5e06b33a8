package io.castellan.client.api;

/**
 * A record the server accepted.
 *
 * @param uid the record's UID (made by the client)
 * @param revision the new revision
 */
public record SavedRecord(String uid, long revision) {
}
