package io.castellan.rotators.mysql;

import io.castellan.rotators.RotationException;
import io.castellan.rotators.RotationTarget;
import io.castellan.rotators.TargetOptions;
import io.castellan.rotators.jdbc.JdbcLogins;
import java.sql.Connection;
import java.util.Properties;
import org.mariadb.jdbc.Driver;

/** Opens MariaDB/MySQL connections; the password is a property, never part of the URL. */
final class MySqlConnections {

    private static final JdbcLogins LOGINS = new JdbcLogins(new Driver(), "mysql", MySqlErrors::classify);

    private MySqlConnections() {
    }

    static Connection open(RotationTarget target, String user, char[] password) throws RotationException {
        return LOGINS.open(target, url(target), properties(target, user, password));
    }

    /** @return whether the login succeeds; AUTH failures are false, everything else is thrown */
    static boolean canLogin(RotationTarget target, String user, char[] password) throws RotationException {
        return LOGINS.canLogin(target, url(target), properties(target, user, password));
    }

    private static Properties properties(RotationTarget target, String user, char[] password) {
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
        return p;
    }

    private static String url(RotationTarget target) {
        String db = target.database() == null ? "" : target.database();
        return "jdbc:mariadb://" + target.host() + ":" + target.port() + "/" + db;
    }
}
