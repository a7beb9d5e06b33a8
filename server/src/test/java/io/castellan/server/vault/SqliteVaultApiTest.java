package io.castellan.server.vault;

import io.castellan.store.StoreConfig;
import java.nio.file.Path;

/** The vault commands on embedded SQLite, one fresh data directory per test. */
class SqliteVaultApiTest extends AbstractVaultApiTest {

    @Override
    protected StoreConfig freshConfig(Path dataDir) {
        return StoreConfig.embedded(dataDir);
    }
}
