package io.castellan.cli.e2e;

/** Secrets Manager end to end on the embedded SQLite store (in the server's data directory). */
class SqliteSecretsManagerEndToEndTest extends SecretsManagerEndToEndTest {

    @Override
    protected String createDatabase() {
        return null;
    }

    @Override
    protected void dropDatabase() {
        // nothing outside the data directory
    }
}
