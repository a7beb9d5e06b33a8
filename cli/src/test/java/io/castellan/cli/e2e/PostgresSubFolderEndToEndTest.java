package io.castellan.cli.e2e;

import io.castellan.testkit.PostgresTestDatabase;

/** Folders inside a shared folder end to end on PostgreSQL (a throwaway database). */
class PostgresSubFolderEndToEndTest extends SubFolderEndToEndTest {

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
