package io.castellan.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.castellan.testkit.PostgresTestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The store contract on PostgreSQL: one throwaway database per run, one fresh schema per test. */
class PostgresStoreTest extends AbstractStoreContractTest {

    private static final PostgresTestDatabase DATABASE = PostgresTestDatabase.create();

    @AfterAll
    static void dropDatabase() {
        DATABASE.close();
    }

    @Override
    protected StoreConfig freshConfig(Path dataDir) {
        return StoreConfig.of(dataDir, DATABASE.newSchemaUrl());
    }

    @Test
    void eachKindOfTransactionRunsAtItsIsolationLevelAndLeavesTheSessionAtTheDefault() {
        Store store = contractStore();
        for (int i = 0; i < 3; i++) {
            assertThat(store.read(PostgresStoreTest::level)).isEqualTo("repeatable read");
            assertThat(store.writeSerializable(PostgresStoreTest::level)).isEqualTo("serializable");
            assertThat(store.write(PostgresStoreTest::level)).isEqualTo("read committed");
            // nested calls join the outer transaction and its level
            String nested = store.read(h -> store.read(PostgresStoreTest::level));
            assertThat(nested).isEqualTo("repeatable read");
        }
    }

    private static String level(org.jdbi.v3.core.Handle h) {
        return h.createQuery("SHOW transaction_isolation").mapTo(String.class).one();
    }
}
