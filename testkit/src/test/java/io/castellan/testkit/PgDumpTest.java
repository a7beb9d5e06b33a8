package io.castellan.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class PgDumpTest {

    @Test
    void parsesHostPortDatabaseAndCredentialsFromAJdbcUrl() {
        PgDump.Target t = PgDump.Target.parse("jdbc:postgresql://db.example:5433/vault?user=castellan&password=p%40ss");
        assertThat(t).isEqualTo(new PgDump.Target("db.example", 5433, "vault", "castellan", "p@ss"));
        assertThat(t.toString()).doesNotContain("p@ss");
        assertThat(PgDump.Target.parse("jdbc:postgresql://127.0.0.1/x")).isEqualTo(
                new PgDump.Target("127.0.0.1", 5432, "x", null, null));
        assertThatThrownBy(() -> PgDump.Target.parse("jdbc:mysql://h/db?password=hunter2"))
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void dumpsDataAndSchemaOfARealDatabase() throws Exception {
        try (PostgresTestDatabase db = PostgresTestDatabase.create()) {
            try (Connection c = DriverManager.getConnection(db.jdbcUrl()); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (id INT, b BYTEA, note TEXT)");
                s.execute("INSERT INTO t VALUES (1, '\\x636e72792d62797465612d76616c7565'::bytea, 'plain-note-1')");
            }
            String data = new String(PgDump.dump(db.jdbcUrl(), "--data-only"), StandardCharsets.UTF_8);
            assertThat(data).contains("plain-note-1", "\\x636e72792d62797465612d76616c7565")
                    .doesNotContain("CREATE TABLE");
            String schema = new String(PgDump.dump(db.jdbcUrl(), "--schema-only"), StandardCharsets.UTF_8);
            assertThat(schema).contains("CREATE TABLE public.t").doesNotContain("plain-note-1");
            assertThat(new CanaryScanner().add("bytea", "cnry-bytea-value").scan("dump", data).hits())
                    .extracting(CanaryScanner.Hit::encoding).containsExactly("hex");
            assertThatThrownBy(() -> PgDump.dump(db.jdbcUrl(), "--no-such-option"))
                    .hasMessageContaining("pg_dump").hasMessageContaining("failed");
        }
    }
}
