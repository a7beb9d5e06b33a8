package io.castellan.rotators.postgres;

import io.castellan.rotators.FailureKind;
import io.castellan.rotators.RotationException;
import io.castellan.rotators.RotationTarget;
import io.castellan.rotators.TargetOptions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.postgresql.Driver;

/** Opens connections to the target; the password goes in as a property, never into the URL. */
final class PostgresConnections {

    private PostgresConnections() {
    }

    static Connection open(RotationTarget target, String user, char[] password) throws RotationException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", new String(password));
        p.setProperty("connectTimeout", Long.toString(Math.max(1, target.connectTimeout().toSeconds())));
        p.setProperty("socketTimeout", Long.toString(Math.max(30, target.connectTimeout().toSeconds() * 3)));
        p.setProperty("ApplicationName", "castellan-rotator");
        if (target.useSsl()) {
            p.setProperty("sslmode", "verify-full");
            target.option(TargetOptions.TLS_CA_FILE).ifPresent(ca -> p.setProperty("sslrootcert", ca));
        } else {
            p.setProperty("sslmode", "disable");
        }
        String db = target.database() == null || target.database().isBlank() ? "postgres" : target.database();
        String url = "jdbc:postgresql://" + target.host() + ":" + target.port() + "/" + java.net.URLEncoder.encode(db,
                java.nio.charset.StandardCharsets.UTF_8);
        try {
            Connection c = new Driver().connect(url, p);
            if (c == null) {
                throw new RotationException(FailureKind.INVALID_INPUT, "postgresql: bad connection settings for " + target.address());
            }
            return c;
        } catch (SQLException e) {
            throw PostgresErrors.classify(e, target, "logging in as '" + user + "'");
        }
    }

    /** @return whether the login succeeds; AUTH failures are false, everything else is thrown */
    static boolean canLogin(RotationTarget target, String user, char[] password) throws RotationException {
        try (Connection c = open(target, user, password)) {
            return c.isValid(5);
        } catch (RotationException e) {
            if (e.kind() == FailureKind.AUTH_FAILED) {
                return false;
            }
            throw e;
        } catch (SQLException e) {
            throw PostgresErrors.classify(e, target, "checking a login as '" + user + "'");
        }
    }
}
