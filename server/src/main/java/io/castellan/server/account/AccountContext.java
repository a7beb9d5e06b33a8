package io.castellan.server.account;

import io.castellan.server.audit.Audit;
import io.castellan.store.InviteRepository;
import io.castellan.store.RoleRepository;
import io.castellan.store.Store;
import io.castellan.store.TotpRepository;
import java.time.Clock;

/** What the account commands share: the store and its repositories, the audit, the clock and the services. */
public record AccountContext(Store store, Clock clock, Audit audit, SessionService sessions, LoginThrottle throttle,
        ServerSecret secret, AtRestKey atRestKey, TotpRepository totps, InviteRepository invites,
        RoleRepository roles) {
}
