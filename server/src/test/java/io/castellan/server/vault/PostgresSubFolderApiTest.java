package io.castellan.server.vault;

import io.castellan.store.StoreConfig;
import io.castellan.testkit.PostgresTestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;

/** Folders inside shared folders on PostgreSQL: one throwaway database per run, one fresh schema per test. */
class PostgresSubFolderApiTest extends AbstractSubFolderApiTest {

    private static final PostgresTestDatabase DATABASE = PostgresTestDatabase.create();

    @AfterAll
    static void dropDatabase() {
        DATABASE.close();
    }

    @Override
    protected StoreConfig freshConfig(Path dataDir) {
        return StoreConfig.of(dataDir, DATABASE.newSchemaUrl());
    }
}
