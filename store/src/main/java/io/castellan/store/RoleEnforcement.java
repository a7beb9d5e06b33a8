package io.castellan.store;

/** One enforcement policy of a role, e.g. {@code ALLOW_PAM_ROTATION} = {@code True}. */
public record RoleEnforcement(String roleUid, String policy, String value) {
}
