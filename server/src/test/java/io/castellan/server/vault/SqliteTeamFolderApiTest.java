package io.castellan.server.vault;

import io.castellan.store.StoreConfig;
import java.nio.file.Path;

/** Teams as shared-folder members on embedded SQLite, one fresh data directory per test. */
class SqliteTeamFolderApiTest extends AbstractTeamFolderApiTest {

    @Override
    protected StoreConfig freshConfig(Path dataDir) {
        return StoreConfig.embedded(dataDir);
    }
}
