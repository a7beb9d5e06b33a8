package io.castellan.store;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;

/** The store contract on PostgreSQL: one throwaway database per run (dropped at the end), one schema per test. */
class PostgresStoreTest extends AbstractStoreContractTest {

    private static final PostgresTestDatabases DATABASES = new PostgresTestDatabases();

    @AfterAll
    static void dropDatabases() {
        DATABASES.drop();
    }

    @Override
    protected StoreConfig freshConfig(Path dataDir) {
        return StoreConfig.of(dataDir, DATABASES.create());
    }
}
