package io.castellan.rotators.mysql;

import io.castellan.rotators.FailureKind;
import io.castellan.rotators.RotationException;
import io.castellan.rotators.RotationTarget;
import io.castellan.rotators.TargetOptions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.mariadb.jdbc.Driver;

/** Opens MariaDB/MySQL connections; the password is a property, never part of the URL. */
final class MySqlConnections {

    private MySqlConnections() {
    }

    static Connection open(RotationTarget target, String user, char[] password) throws RotationException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", new String(password));
        p.setProperty("connectTimeout", Long.toString(Math.max(1000, target.connectTimeout().toMillis())));
        p.setProperty("socketTimeout", Long.toString(Math.max(30_000, target.connectTimeout().toMillis() * 3)));
        // Client-side parameter substitution: ALTER USER cannot be a server-side prepared statement everywhere.
        p.setProperty("useServerPrepStmts", "false");
        if (target.useSsl()) {
            p.setProperty("sslMode", "verify-full");
            target.option(TargetOptions.TLS_CA_FILE).ifPresent(ca -> p.setProperty("serverSslCert", ca));
        } else {
            p.setProperty("sslMode", "disable");
        }
        String db = target.database() == null ? "" : target.database();
        String url = "jdbc:mariadb://" + target.host() + ":" + target.port() + "/" + db;
        try {
            Connection c = new Driver().connect(url, p);
            if (c == null) {
                throw new RotationException(FailureKind.INVALID_INPUT, "mysql: bad connection settings for " + target.address());
            }
            return c;
        } catch (SQLException e) {
            throw MySqlErrors.classify(e, target, "logging in as '" + user + "'");
        }
    }

    static boolean canLogin(RotationTarget target, String user, char[] password) throws RotationException {
        try (Connection c = open(target, user, password)) {
            return c.isValid(5);
        } catch (RotationException e) {
            if (e.kind() == FailureKind.AUTH_FAILED) {
                return false;
            }
            throw e;
        } catch (SQLException e) {
            throw MySqlErrors.classify(e, target, "checking a login as '" + user + "'");
        }
    }
}
