package io.castellan.cli.e2e;

import io.castellan.testkit.PostgresTestDatabase;

/** Secrets Manager end to end on PostgreSQL (a throwaway database). */
class PostgresSecretsManagerEndToEndTest extends SecretsManagerEndToEndTest {

    private PostgresTestDatabase database;

    @Override
    protected String createDatabase() {
        database = PostgresTestDatabase.create();
        return database.jdbcUrl();
    }

    @Override
    protected void dropDatabase() {
        if (database != null) {
            database.close();
        }
    }
}
