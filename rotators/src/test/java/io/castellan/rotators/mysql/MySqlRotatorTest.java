package io.castellan.rotators.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import io.castellan.rotators.ChangeResult;
import io.castellan.rotators.Credential;
import io.castellan.rotators.RotationTarget;
import io.castellan.rotators.Rotator;
import io.castellan.rotators.RotatorContractTest;
import io.castellan.rotators.password.PasswordComplexity;
import io.castellan.rotators.testing.TestTargets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Against the machine's MariaDB. Its root has no password, but every account the tests create has one and MariaDB
 * demands it over TCP (the contract's "old password fails" and the rotator's wrong-password probe prove that).
 * Accounts get two host entries ('127.0.0.1' and 'localhost') so that "every host entry" is checked.
 */
class MySqlRotatorTest extends RotatorContractTest {

    private final MySqlRotator rotator = new MySqlRotator();

    @Override
    protected Rotator rotator() {
        return rotator;
    }

    @Override
    protected RotationTarget adminTarget() {
        return TestTargets.mariadb();
    }

    private static Connection root() throws Exception {
        return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/?user=root&password=");
    }

    @Override
    protected void createAccount(String name, char[] password) throws Exception {
        try (Connection c = root()) {
            for (String host : List.of("127.0.0.1", "localhost")) {
                try (PreparedStatement s = c.prepareStatement("CREATE USER ?@? IDENTIFIED BY ?")) {
                    s.setString(1, name);
                    s.setString(2, host);
                    s.setString(3, new String(password));
                    s.execute();
                }
            }
        }
    }

    @Override
    protected void removeAccount(String name) throws Exception {
        try (Connection c = root()) {
            for (String host : List.of("127.0.0.1", "localhost")) {
                try (PreparedStatement s = c.prepareStatement("DROP USER IF EXISTS ?@?")) {
                    s.setString(1, name);
                    s.setString(2, host);
                    s.execute();
                }
            }
        }
    }

    private static List<String> hashes(String user) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = root();
             PreparedStatement s = c.prepareStatement("SELECT authentication_string FROM mysql.user WHERE User = ? ORDER BY Host")) {
            s.setString(1, user);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static String nativeHash(char[] password) throws Exception {
        try (Connection c = root(); PreparedStatement s = c.prepareStatement("SELECT PASSWORD(?)")) {
            s.setString(1, new String(password));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    @Test
    void theAdminPathChangesEveryHostEntryOfTheUser() throws Exception {
        Credential old = account();
        Credential next = rotator.generate(old, adminTarget(), PasswordComplexity.DEFAULT);

        ChangeResult result = rotator.change(adminTarget(), old, next);

        assertThat(hashes(old.username())).hasSize(2).containsOnly(nativeHash(next.requirePassword()));
        assertThat(result.notes()).anySatisfy(n -> assertThat(n).contains("2 host entries").contains("127.0.0.1").contains("localhost"));
    }
}
