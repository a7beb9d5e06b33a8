package io.castellan.server.device;

import io.castellan.server.ServerConfig;
import io.castellan.testkit.PostgresTestDatabase;
import org.junit.jupiter.api.AfterAll;

/** The Secrets Manager flow on PostgreSQL: one throwaway database per run, a fresh schema per test. */
class PostgresSecretsManagerFlowTest extends AbstractSecretsManagerFlowTest {

    private static final PostgresTestDatabase DATABASE = PostgresTestDatabase.create();

    @AfterAll
    static void dropDatabase() {
        DATABASE.close();
    }

    @Override
    ServerConfig.Builder database(ServerConfig.Builder builder) {
        return builder.jdbcUrl(DATABASE.newSchemaUrl());
    }
}
