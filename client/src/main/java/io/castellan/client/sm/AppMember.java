package io.castellan.client.sm;

/**
 * A user an application is shared with ({@code members[]} of {@code app_get}). docs/api.md does not list the
 * fields of a member entry; this reads {@code userUid}, {@code email} and {@code role} when present.
 *
 * @param userUid the member's UID, or {@code null}
 * @param email the member's e-mail, or {@code null}
 * @param role {@code owner}, {@code admin}, {@code viewer} as the server sent it, or {@code null}
 */
public record AppMember(String userUid, String email, String role) {
}
