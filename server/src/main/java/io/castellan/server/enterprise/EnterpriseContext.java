package io.castellan.server.enterprise;

import io.castellan.server.audit.Audit;
import io.castellan.store.InviteRepository;
import io.castellan.store.RoleRepository;
import io.castellan.store.SessionRepository;
import io.castellan.store.Store;
import io.castellan.store.TeamRepository;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * What the enterprise commands share.
 *
 * @param unlockLogins lifts the failed-login lock of an e-mail (the account package's throttle); runs inside the
 *                     command's write transaction
 */
public record EnterpriseContext(Store store, Clock clock, Audit audit, TeamRepository teams, RoleRepository roles,
        InviteRepository invites, SessionRepository sessions, Consumer<String> unlockLogins) {
}
