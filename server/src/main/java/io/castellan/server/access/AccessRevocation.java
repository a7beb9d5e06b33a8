package io.castellan.server.access;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server-side hook fired after a change that may have taken access away has committed: a user (or team) removed
 * from a shared folder, a direct share deleted or expired, a user disabled, a role member removed or a role's
 * enforcement changed (docs/access-control.md, "Revocation"). Listeners act at once; the tunnel relay re-checks the
 * user's tunnels (its one-second sweep stays as the safety net and the path for other server nodes). Listeners must
 * be quick and must not throw; a failing one is logged and the others still run.
 */
public final class AccessRevocation {

    private static final Logger LOG = LoggerFactory.getLogger(AccessRevocation.class);

    /**
     * One revocation.
     *
     * @param cause   what happened, for logs (no secret: a command or event name)
     * @param userUid the user who lost access, when one is known; empty when several may have (a team, a role, a
     *                folder's every member)
     */
    public record Revoked(String cause, Optional<String> userUid) {
        public Revoked {
            Objects.requireNonNull(cause, "cause");
            Objects.requireNonNull(userUid, "userUid");
        }

        /** Whether {@code user} may be among those who lost access. */
        public boolean concerns(String user) {
            return userUid.map(user::equals).orElse(true);
        }
    }

    /** Told of every revocation, after its change committed. */
    @FunctionalInterface
    public interface Listener {
        void accessRevoked(Revoked revoked);
    }

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    public void addListener(Listener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Tells every listener; call after the change's transaction committed. */
    public void fire(Revoked revoked) {
        for (Listener l : listeners) {
            try {
                l.accessRevoked(revoked);
            } catch (RuntimeException e) {
                LOG.warn("an access-revocation listener failed ({}): {}", revoked.cause(),
                        e.getClass().getSimpleName());
            }
        }
    }
}
