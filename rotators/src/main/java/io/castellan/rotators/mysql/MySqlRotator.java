package io.castellan.rotators.mysql;

import io.castellan.rotators.ChangeResult;
import io.castellan.rotators.Credential;
import io.castellan.rotators.FailureKind;
import io.castellan.rotators.Passwords;
import io.castellan.rotators.RotationException;
import io.castellan.rotators.RotationTarget;
import io.castellan.rotators.Rotator;
import io.castellan.rotators.password.PasswordComplexity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MySQL and MariaDB accounts: {@code ALTER USER 'u'@'host' IDENTIFIED BY …} for <em>every</em> host entry of the
 * user in {@code mysql.user} (with the admin credential), or by the user itself ({@code SET PASSWORD} on MariaDB,
 * {@code ALTER USER USER()} on MySQL).
 * User, host and password travel as statement parameters, which the MariaDB driver escapes as string literals.
 */
public final class MySqlRotator implements Rotator {

    private static final Logger LOG = LoggerFactory.getLogger(MySqlRotator.class);

    @Override
    public String kind() {
        return "mysql";
    }

    @Override
    public Credential generate(Credential current, RotationTarget target, PasswordComplexity complexity) {
        return Passwords.next(current, complexity);
    }

    @Override
    public ChangeResult change(RotationTarget target, Credential current, Credential next) throws RotationException {
        String user = current.username();
        if (target.admin().isEmpty()) {
            try (Connection c = MySqlConnections.open(target, user, current.requirePassword());
                 PreparedStatement s = c.prepareStatement(selfChangeStatement(c))) {
                s.setString(1, new String(next.requirePassword()));
                s.execute();
            } catch (SQLException e) {
                throw MySqlErrors.classify(e, target, "changing the password of '" + user + "' by itself");
            }
            LOG.info("mysql: password of {} changed by itself at {}", user, target.address());
            return ChangeResult.of("changed by the user itself");
        }
        Credential admin = target.admin().get();
        List<String> hosts;
        try (Connection c = MySqlConnections.open(target, admin.username(), admin.requirePassword())) {
            hosts = hostsOf(c, user);
            if (hosts.isEmpty()) {
                throw new RotationException(FailureKind.INVALID_INPUT, "mysql: no account named '" + user + "' at " + target.address());
            }
            try (PreparedStatement s = c.prepareStatement("ALTER USER ?@? IDENTIFIED BY ?")) {
                for (String host : hosts) {
                    s.setString(1, user);
                    s.setString(2, host);
                    s.setString(3, new String(next.requirePassword()));
                    s.execute();
                }
            }
        } catch (SQLException e) {
            throw MySqlErrors.classify(e, target, "changing the password of '" + user + "' as '" + admin.username() + "'");
        }
        LOG.info("mysql: password of {} changed at {} for hosts {} (as {})", user, target.address(), hosts, admin.username());
        return ChangeResult.of("changed with the admin credential for " + hosts.size() + " host entr"
                + (hosts.size() == 1 ? "y" : "ies") + ": " + String.join(", ", hosts));
    }

    /**
     * MariaDB lets an account without privileges change its own password only with SET PASSWORD (ALTER USER needs
     * CREATE USER there); MySQL 8 dropped PASSWORD() and takes ALTER USER USER().
     */
    private static String selfChangeStatement(Connection c) throws SQLException {
        return c.getMetaData().getDatabaseProductVersion().contains("MariaDB") ? "SET PASSWORD = PASSWORD(?)"
                : "ALTER USER USER() IDENTIFIED BY ?";
    }

    private static List<String> hostsOf(Connection c, String user) throws SQLException {
        List<String> hosts = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT Host FROM mysql.user WHERE User = ? ORDER BY Host")) {
            s.setString(1, user);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    hosts.add(rs.getString(1));
                }
            }
        }
        return hosts;
    }

    @Override
    public boolean authenticates(RotationTarget target, Credential candidate) throws RotationException {
        if (!MySqlConnections.canLogin(target, candidate.username(), candidate.requirePassword())) {
            return false;
        }
        char[] decoy = Passwords.decoy();
        try {
            if (MySqlConnections.canLogin(target, candidate.username(), decoy)) {
                throw Passwords.trustAuth(kind(), target, candidate.username());
            }
        } finally {
            java.util.Arrays.fill(decoy, '\0');
        }
        return true;
    }
}
