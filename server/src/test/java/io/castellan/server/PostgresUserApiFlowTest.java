package io.castellan.server;

import io.castellan.testkit.PostgresTestDatabase;
import org.junit.jupiter.api.AfterAll;

/** The user-API flow on PostgreSQL: one throwaway database per run, a fresh schema per test. */
class PostgresUserApiFlowTest extends AbstractUserApiFlowTest {

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
