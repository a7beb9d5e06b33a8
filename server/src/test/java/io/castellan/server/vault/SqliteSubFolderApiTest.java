package io.castellan.server.vault;

import io.castellan.store.StoreConfig;
import java.nio.file.Path;

/** Folders inside shared folders on embedded SQLite, one fresh data directory per test. */
class SqliteSubFolderApiTest extends AbstractSubFolderApiTest {

    @Override
    protected StoreConfig freshConfig(Path dataDir) {
        return StoreConfig.embedded(dataDir);
    }
}
