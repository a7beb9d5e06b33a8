package io.castellan.store;

import java.util.Optional;

/**
 * An application as one user sees it: as its owner ({@code membership} empty) or as a member.
 */
public record VisibleApplication(StoredApplication app, Optional<AppMember> membership) {

    /** Whether the user is the application's owner. */
    public boolean owner() {
        return membership.isEmpty();
    }
}
