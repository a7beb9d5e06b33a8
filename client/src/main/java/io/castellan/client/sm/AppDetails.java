package io.castellan.client.sm;

import java.util.List;

/**
 * What {@code app_get} says about an application besides its keys.
 *
 * @param grants the records and shared folders granted to it
 * @param clients its devices and gateways
 * @param members the users it is shared with
 */
public record AppDetails(List<AppGrant> grants, List<AppClient> clients, List<AppMember> members) {

    /** Copies the lists. */
    public AppDetails {
        grants = List.copyOf(grants);
        clients = List.copyOf(clients);
        members = List.copyOf(members);
    }
}
