package io.castellan.rotators.jdbc;

import io.castellan.rotators.FailureKind;
import io.castellan.rotators.RotationException;
import io.castellan.rotators.RotationTarget;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Logins to a database target through its JDBC driver, shared by the PostgreSQL and MySQL/MariaDB rotators: the
 * password goes in as a driver property, never into the URL (URLs end up in driver logs and exception messages), and
 * every {@link SQLException} becomes a {@link RotationException} through the engine's own classifier, which knows its
 * SQLSTATEs and error codes.
 */
public final class JdbcLogins {

    /** Turns a driver exception into a rotation failure with a safe message. */
    @FunctionalInterface
    public interface ErrorClassifier {
        RotationException classify(SQLException e, RotationTarget target, String doing);
    }

    private final Driver driver;
    private final String engine;
    private final ErrorClassifier errors;

    /**
     * @param driver the engine's driver
     * @param engine its name in messages ({@code postgresql}, {@code mysql})
     * @param errors its error classifier
     */
    public JdbcLogins(Driver driver, String engine, ErrorClassifier errors) {
        this.driver = driver;
        this.engine = engine;
        this.errors = errors;
    }

    /**
     * @param url        the JDBC URL, without credentials
     * @param properties the driver properties, with {@code user} and {@code password}
     * @return an open connection
     */
    public Connection open(RotationTarget target, String url, Properties properties) throws RotationException {
        String user = properties.getProperty("user");
        try {
            Connection c = driver.connect(url, properties);
            if (c == null) {
                throw new RotationException(FailureKind.INVALID_INPUT, engine + ": bad connection settings for "
                        + target.address());
            }
            return c;
        } catch (SQLException e) {
            throw errors.classify(e, target, "logging in as '" + user + "'");
        }
    }

    /** @return whether the login succeeds; authentication failures are {@code false}, everything else is thrown */
    public boolean canLogin(RotationTarget target, String url, Properties properties) throws RotationException {
        try (Connection c = open(target, url, properties)) {
            return c.isValid(5);
        } catch (RotationException e) {
            if (e.kind() == FailureKind.AUTH_FAILED) {
                return false;
            }
            throw e;
        } catch (SQLException e) {
            throw errors.classify(e, target, "checking a login as '" + properties.getProperty("user") + "'");
        }
    }
}
