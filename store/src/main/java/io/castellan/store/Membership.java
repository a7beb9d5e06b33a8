package io.castellan.store;

/**
 * One user's membership of a team or role, with the group's name, for listings.
 *
 * @param groupUid  the team's or role's UID
 * @param groupName the team's or role's name
 */
public record Membership(String groupUid, String groupName, String userUid) {
}
