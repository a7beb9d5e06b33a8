package io.castellan.client.sm;

/**
 * A record or shared folder granted to an application ({@code grants[]} of {@code app_get}).
 *
 * @param subjectUid the record or folder UID
 * @param kind {@code record} or {@code folder} as the server sent it
 * @param editable whether the application's devices may change it
 */
public record AppGrant(String subjectUid, String kind, boolean editable) {
}
