package io.castellan.store;

import java.nio.file.Path;

/** The store contract on embedded SQLite, one fresh data directory per test. */
class SqliteStoreTest extends AbstractStoreContractTest {

    @Override
    protected StoreConfig freshConfig(Path dataDir) {
        return StoreConfig.embedded(dataDir);
    }
}
