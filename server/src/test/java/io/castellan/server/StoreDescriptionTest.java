package io.castellan.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(10)
class StoreDescriptionTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "jdbc:postgresql://db.example:5432/castellan?user=u&password=hunter2 | postgresql db.example:5432/castellan",
        "jdbc:postgresql://db1,db2:5433/vault                                | postgresql db1,db2:5433/vault",
        "jdbc:postgresql:castellan                                           | postgresql localhost/castellan",
        "jdbc:postgresql:///castellan;password=hunter2                       | postgresql localhost/castellan",
        "jdbc:postgresql://u:hunter2@db/castellan                            | postgresql db/castellan",
    })
    void postgresIsHostAndDatabaseOnly(String url, String expected) {
        String described = StoreDescription.describe(ServerConfig.builder().jdbcUrl(url).build());
        assertThat(described).isEqualTo(expected).doesNotContain("hunter2");
    }

    @Test
    void embeddedIsTheDataDirectory() {
        String described = StoreDescription.describe(ServerConfig.builder().dataDir(Path.of("/srv/castellan")).build());
        assertThat(described).isEqualTo("sqlite /srv/castellan/castellan.db");
    }

    @Test
    void redactRemovesTheUrlAndPasswordParameters() {
        ServerConfig config = ServerConfig.builder()
                .jdbcUrl("jdbc:postgresql://db/castellan?password=hunter2").build();
        assertThat(StoreDescription.redact("cannot connect to jdbc:postgresql://db/castellan?password=hunter2", config))
                .isEqualTo("cannot connect to postgresql db/castellan");
        assertThat(StoreDescription.redact("FATAL: password=s3cret; user=x", config))
                .isEqualTo("FATAL: password=****; user=x");
    }
}
