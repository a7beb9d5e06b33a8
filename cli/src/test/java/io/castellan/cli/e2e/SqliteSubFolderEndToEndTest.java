package io.castellan.cli.e2e;

/** Folders inside a shared folder end to end on the embedded SQLite store (in the server's data directory). */
class SqliteSubFolderEndToEndTest extends SubFolderEndToEndTest {

    @Override
    protected String createDatabase() {
        return null;
    }

    @Override
    protected void dropDatabase() {
        // nothing outside the data directory
    }
}
