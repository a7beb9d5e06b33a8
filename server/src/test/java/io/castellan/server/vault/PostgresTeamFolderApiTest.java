package io.castellan.server.vault;

import io.castellan.store.StoreConfig;
import io.castellan.testkit.PostgresTestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;

/** Teams as shared-folder members on PostgreSQL: one throwaway database per run, one fresh schema per test. */
class PostgresTeamFolderApiTest extends AbstractTeamFolderApiTest {

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
