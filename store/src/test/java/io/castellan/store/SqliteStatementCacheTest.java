package io.castellan.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** SQLite statements kept per connection ({@link SqliteStatementCache}), through a real store. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SqliteStatementCacheTest {

    @TempDir
    Path tempDir;

    private Store store;

    @BeforeEach
    void open() {
        store = Store.open(StoreConfig.embedded(tempDir));
        store.write(h -> h.execute("CREATE TABLE cache_probe (id INTEGER PRIMARY KEY, v TEXT NOT NULL)"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** Records the JDBC statement each execution used. */
    private static final class Seen implements StatementCustomizer {
        final List<Statement> statements = new ArrayList<>();

        @Override
        public void beforeExecution(PreparedStatement stmt, StatementContext ctx) {
            statements.add(stmt);
        }
    }

    private static String value(Handle h, int id, Seen seen) {
        return h.createQuery("SELECT v FROM cache_probe WHERE id = :id").bind("id", id).addCustomizer(seen)
                .mapTo(String.class).findOne().orElse(null);
    }

    @Test
    void theSameSqlRunsOnTheSamePreparedStatementWithItsNewParameters() {
        store.write(h -> {
            for (int i = 1; i <= 3; i++) {
                h.createUpdate("INSERT INTO cache_probe (id, v) VALUES (:id, :v)").bind("id", i).bind("v", "v" + i)
                        .execute();
            }
            return null;
        });
        Seen seen = new Seen();
        List<String> values = store.write(h -> List.of(String.valueOf(value(h, 1, seen)),
                String.valueOf(value(h, 2, seen)), String.valueOf(value(h, 3, seen)), String.valueOf(value(h, 9, seen))));
        assertThat(values).containsExactly("v1", "v2", "v3", "null");
        // one connection (the writer), one SQL text: one statement, prepared once
        Set<Statement> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        distinct.addAll(seen.statements);
        assertThat(seen.statements).hasSize(4);
        assertThat(distinct).hasSize(1);
    }

    @Test
    void aResultLeftHalfReadPinsNoOldSnapshotOnItsConnection() {
        store.write(h -> {
            for (int i = 1; i <= 50; i++) {
                h.createUpdate("INSERT INTO cache_probe (id, v) VALUES (:id, 'old')").bind("id", i).execute();
            }
            return null;
        });
        // reads take only the first of many rows, so the statement goes back to the cache mid-result
        for (int round = 0; round < 5; round++) {
            String expected = "round-" + round;
            store.write(h -> h.createUpdate("UPDATE cache_probe SET v = :v").bind("v", expected).execute());
            for (int read = 0; read < 8; read++) {
                String first = store.read(h -> h.createQuery("SELECT v FROM cache_probe ORDER BY id")
                        .mapTo(String.class).first());
                assertThat(first).as("read %d after the write of round %d", read, round).isEqualTo(expected);
            }
        }
    }

    @Test
    void moreSqlTextsThanKeptStillRunCorrectlyAndAFailedStatementIsUsableAgain() {
        store.write(h -> h.createUpdate("INSERT INTO cache_probe (id, v) VALUES (1, 'one')").execute());
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < SqliteStatementCache.PER_CONNECTION * 2; i++) {
                int n = i;
                // a distinct SQL text each: the cache evicts (closing statements) and prepares again
                String v = store.read(h -> h.createQuery("SELECT v || '-" + n + "' FROM cache_probe WHERE id = 1")
                        .mapTo(String.class).one());
                assertThat(v).isEqualTo("one-" + n);
            }
        }
        String insert = "INSERT INTO cache_probe (id, v) VALUES (:id, :v)";
        for (int attempt = 0; attempt < 3; attempt++) {
            // a primary-key violation fails the statement, which then goes back to the cache
            boolean failed = false;
            try {
                store.write(h -> h.createUpdate(insert).bind("id", 1).bind("v", "dup").execute());
            } catch (RuntimeException e) {
                failed = true;
            }
            assertThat(failed).isTrue();
            int id = 100 + attempt;
            store.write(h -> h.createUpdate(insert).bind("id", id).bind("v", "ok").execute());
        }
        Integer ok = store.read(h -> h.createQuery("SELECT COUNT(*) FROM cache_probe WHERE v = 'ok'")
                .mapTo(Integer.class).one());
        String one = store.read(h -> h.createQuery("SELECT v FROM cache_probe WHERE id = 1").mapTo(String.class).one());
        assertThat(ok).isEqualTo(3);
        assertThat(one).isEqualTo("one");
    }

    @Test
    void theStatementsOfClosedConnectionsAreDroppedBySweeping() {
        org.sqlite.SQLiteDataSource unpooled = new org.sqlite.SQLiteDataSource();
        unpooled.setUrl("jdbc:sqlite:" + tempDir.resolve("sweep.db"));
        org.jdbi.v3.core.Jdbi jdbi = org.jdbi.v3.core.Jdbi.create(unpooled);
        SqliteStatementCache cache = new SqliteStatementCache();
        jdbi.setStatementBuilderFactory(cache);
        // without a pool every handle opens a connection of its own and closes it at the end
        for (int i = 0; i < 5; i++) {
            int n = i;
            Integer got = jdbi.withHandle(h -> h.createQuery("SELECT " + n).mapTo(Integer.class).one());
            assertThat(got).isEqualTo(n);
        }
        assertThat(cache.connectionsKept()).isEqualTo(5);
        cache.sweepClosed();
        assertThat(cache.connectionsKept()).isZero();
        // an open connection's statements survive the sweep
        jdbi.useHandle(h -> {
            assertThat(h.createQuery("SELECT 7").mapTo(Integer.class).one()).isEqualTo(7);
            cache.sweepClosed();
            assertThat(cache.connectionsKept()).isEqualTo(1);
        });
    }
}
