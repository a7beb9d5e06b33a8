package io.castellan.rotators.postgres;

import io.castellan.rotators.RotationException;
import io.castellan.rotators.RotationTarget;
import io.castellan.rotators.TargetOptions;
import io.castellan.rotators.jdbc.JdbcLogins;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.Properties;
import org.postgresql.Driver;

/** Opens connections to the target; the password goes in as a property, never into the URL. */
final class PostgresConnections {

    private static final JdbcLogins LOGINS = new JdbcLogins(new Driver(), "postgresql", PostgresErrors::classify);

    private PostgresConnections() {
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
        p.setProperty("connectTimeout", Long.toString(Math.max(1, target.connectTimeout().toSeconds())));
        p.setProperty("socketTimeout", Long.toString(Math.max(30, target.connectTimeout().toSeconds() * 3)));
        p.setProperty("ApplicationName", "castellan-rotator");
        if (target.useSsl()) {
            p.setProperty("sslmode", "verify-full");
            target.option(TargetOptions.TLS_CA_FILE).ifPresent(ca -> p.setProperty("sslrootcert", ca));
        } else {
            p.setProperty("sslmode", "disable");
        }
        return p;
    }

    private static String url(RotationTarget target) {
        String db = target.database() == null || target.database().isBlank() ? "postgres" : target.database();
        return "jdbc:postgresql://" + target.host() + ":" + target.port() + "/"
                + URLEncoder.encode(db, StandardCharsets.UTF_8);
    }
}
