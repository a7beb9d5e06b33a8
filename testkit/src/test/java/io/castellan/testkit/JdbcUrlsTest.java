package io.castellan.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JdbcUrlsTest {

    @Test
    void replacesTheDatabaseAndKeepsParameters() {
        assertThat(JdbcUrls.withDatabase("jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres", "x"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/x?user=postgres");
        assertThat(JdbcUrls.withDatabase("jdbc:postgresql://db.example:5433", "y"))
                .isEqualTo("jdbc:postgresql://db.example:5433/y");
    }

    @Test
    void masksPasswordsInMessages() {
        assertThat(JdbcUrls.withoutSecrets("jdbc:postgresql://h/db?user=a&password=hunter2&ssl=true"))
                .isEqualTo("jdbc:postgresql://h/db?user=a&password=***&ssl=true");
        assertThatThrownBy(() -> JdbcUrls.withDatabase("jdbc:mysql://h/db?password=hunter2", "x"))
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void createsAndDropsARealDatabase() throws Exception {
        String name;
        try (PostgresTestDatabase db = PostgresTestDatabase.create()) {
            name = db.name();
            try (var c = java.sql.DriverManager.getConnection(db.jdbcUrl());
                    var rs = c.createStatement().executeQuery("select current_database()")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(name);
            }
        }
        try (var c = java.sql.DriverManager.getConnection(PostgresTestDatabase.adminUrl());
                var ps = c.prepareStatement("select count(*) from pg_database where datname = ?")) {
            ps.setString(1, name);
            try (var rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
        }
    }
}
