package io.castellan.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Config validation and the password scrubbing every message relies on. */
class StoreConfigTest {

    private static final Path DIR = Path.of("/var/lib/castellan");

    @Test
    void noUrlMeansEmbeddedSqliteInTheDataDirectory() {
        StoreConfig config = StoreConfig.of(DIR, "  ");

        assertThat(config.jdbcUrl()).isEmpty();
        assertThat(Dialect.of(config)).isEqualTo(Dialect.SQLITE);
        assertThat(config.sqliteFile()).isEqualTo(DIR.resolve("castellan.db"));
        assertThat(Dialect.of(StoreConfig.of(DIR, "jdbc:postgresql://db/castellan"))).isEqualTo(Dialect.POSTGRESQL);
    }

    @Test
    void refusesOtherDatabasesWithoutEchoingTheUrl() {
        assertThatThrownBy(() -> StoreConfig.of(DIR, "jdbc:mysql://db/castellan?password=Canary-9"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsupported database URL scheme 'jdbc:mysql:'")
                .hasMessageNotContaining("Canary-9");
        assertThatThrownBy(() -> StoreConfig.of(null, null)).hasMessageContaining("dataDir is required");
    }

    @Test
    void toStringHidesThePassword() {
        StoreConfig config = StoreConfig.of(DIR, "jdbc:postgresql://db:5433/vault?user=castellan&password=Canary-9");

        assertThat(config.toString()).contains("db:5433/vault").contains("password=***").doesNotContain("Canary-9");
    }

    @Test
    void scrubRemovesPasswordParametersUserInfoAndThePasswordValue() {
        String url = "jdbc:postgresql://db/vault?password=Canary-9&sslpassword=Other-7";

        assertThat(JdbcUrls.scrub("failed for " + url + " (secret was Canary-9)", url))
                .doesNotContain("Canary-9").doesNotContain("Other-7");
        assertThat(JdbcUrls.scrub("postgres://alice:Canary-9@db/vault", null))
                .isEqualTo("postgres://alice:***@db/vault");
    }

    @Test
    void describesTheServerAndDatabase() {
        assertThat(JdbcUrls.describePostgres("jdbc:postgresql://10.0.0.5/vault?user=u&password=p"))
                .isEqualTo("10.0.0.5:5432/vault");
        assertThat(JdbcUrls.describePostgres("jdbc:postgresql://db.internal:6432/vault")).isEqualTo(
                "db.internal:6432/vault");
        assertThat(JdbcUrls.describePostgres("jdbc:postgresql:vault")).isEqualTo("localhost:5432/vault");
    }
}
