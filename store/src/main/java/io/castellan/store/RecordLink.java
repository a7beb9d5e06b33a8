package io.castellan.store;

/**
 * A row of {@code record_links}: the resource record {@code resourceUid} points at {@code linkedUid} (for example its
 * administrative credential, a {@code pamUser}). A link carries UIDs only and grants no access to the linked record.
 *
 * @param kind what the link means: {@code admin_credential}, {@code launch_credential}, {@code user}, ...
 */
public record RecordLink(String resourceUid, String kind, String linkedUid) {
}
