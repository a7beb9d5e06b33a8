package io.castellan.server.pam;

import io.castellan.server.ServerConfig;
import io.castellan.testkit.PostgresTestDatabase;
import org.junit.jupiter.api.AfterAll;

/** The PAM commands on PostgreSQL: one throwaway database per run, one fresh schema per test. */
class PostgresPamApiTest extends AbstractPamApiTest {

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
