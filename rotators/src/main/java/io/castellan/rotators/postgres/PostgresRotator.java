package io.castellan.rotators.postgres;

import io.castellan.rotators.ChangeResult;
import io.castellan.rotators.Credential;
import io.castellan.rotators.FailureKind;
import io.castellan.rotators.Passwords;
import io.castellan.rotators.RotationException;
import io.castellan.rotators.RotationTarget;
import io.castellan.rotators.Rotator;
import io.castellan.rotators.password.PasswordComplexity;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL roles: {@code ALTER ROLE … PASSWORD} with the resource's admin credential, or by the role itself.
 *
 * <p>The driver's {@link PGConnection#alterUserPassword} computes the SCRAM-SHA-256 verifier on this side and sends
 * only the verifier (with the role name quoted as an identifier), so the cleartext password never reaches the
 * server, its statement log or {@code pg_stat_activity}.
 */
public final class PostgresRotator implements Rotator {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresRotator.class);

    @Override
    public String kind() {
        return "postgresql";
    }

    @Override
    public Credential generate(Credential current, RotationTarget target, PasswordComplexity complexity) {
        return Passwords.next(current, complexity);
    }

    @Override
    public ChangeResult change(RotationTarget target, Credential current, Credential next) throws RotationException {
        Credential login = target.admin().orElse(current);
        String role = current.username();
        try (Connection c = PostgresConnections.open(target, login.username(), login.requirePassword())) {
            // The driver wipes the array it is given; hand it a copy so that the caller's credential survives.
            c.unwrap(PGConnection.class).alterUserPassword(role, next.requirePassword().clone(), "scram-sha-256");
        } catch (SQLException e) {
            throw PostgresErrors.classify(e, target, "changing the password of role '" + role + "' as '" + login.username() + "'");
        }
        LOG.info("postgresql: password of role {} changed at {} (as {})", role, target.address(), login.username());
        return ChangeResult.of(target.admin().isPresent() ? "changed with the admin credential" : "changed by the role itself");
    }

    @Override
    public boolean authenticates(RotationTarget target, Credential candidate) throws RotationException {
        if (!PostgresConnections.canLogin(target, candidate.username(), candidate.requirePassword())) {
            return false;
        }
        char[] decoy = Passwords.decoy();
        try {
            if (PostgresConnections.canLogin(target, candidate.username(), decoy)) {
                throw Passwords.trustAuth(kind(), target, candidate.username());
            }
        } finally {
            java.util.Arrays.fill(decoy, '\0');
        }
        return true;
    }
}
