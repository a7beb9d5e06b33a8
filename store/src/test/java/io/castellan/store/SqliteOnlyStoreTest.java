package io.castellan.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteException;

/** What only the embedded SQLite store promises: file checks, connection settings, and the single writer. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SqliteOnlyStoreTest {

    @TempDir
    Path tempDir;

    private final List<Store> opened = new ArrayList<>();

    @AfterEach
    void closeStores() {
        opened.forEach(Store::close);
    }

    private Store open(Path dataDir) {
        Store store = Store.open(StoreConfig.embedded(dataDir));
        opened.add(store);
        return store;
    }

    @Test
    void createsAMissingDataDirectoryReadableOnlyByItsOwner() throws IOException {
        Path dataDir = tempDir.resolve("nested/castellan-data");

        open(dataDir);

        assertThat(Files.getPosixFilePermissions(dataDir)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(dataDir.resolve("castellan.db")).isRegularFile();
        for (String name : new String[] {"castellan.db", "castellan.db-wal", "castellan.db-shm"}) {
            assertThat(Files.getPosixFilePermissions(dataDir.resolve(name)))
                    .as("permissions of %s", name)
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
    }

    @Test
    void everyConnectionRunsInWalModeWithTheConfiguredPragmas() {
        Store store = open(tempDir);
        Map<String, Object> expected = Map.of("journal_mode", "wal", "busy_timeout", 30000, "synchronous", 1,
                "foreign_keys", 1);

        for (String pragma : expected.keySet()) {
            Object onReader = store.read(h -> pragma(h, pragma));
            Object onWriter = store.write(h -> pragma(h, pragma));
            assertThat(List.of(onReader, onWriter)).as(pragma).containsOnly(expected.get(pragma));
        }
    }

    @Test
    void writeTransactionsBeginImmediate() throws Exception {
        Path dataDir = tempDir.resolve("data");
        Store store = open(dataDir);

        // Inside a write that has not written yet, another connection must already be locked out of writing.
        String otherWriter = store.write(h -> {
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("castellan.db"));
                    Statement st = other.createStatement()) {
                st.execute("PRAGMA busy_timeout = 0");
                st.execute("BEGIN IMMEDIATE");
                st.execute("ROLLBACK");
                return "got the write lock";
            } catch (SQLiteException e) {
                return e.getResultCode().name();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(otherWriter).startsWith("SQLITE_BUSY");
    }

    @Test
    void manyConcurrentWritersOnPlatformAndVirtualThreadsNeverSeeSqliteBusy() throws Exception {
        Store store = open(tempDir);
        store.users().create("u1", "owner@example.com", UserStatus.ACTIVE, false, AbstractStoreContractTest.keys("u"));
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean writing = new AtomicBoolean(true);
        List<Future<?>> writers = new ArrayList<>();
        try (ExecutorService platform = Executors.newFixedThreadPool(5);
                ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < 8; t++) {
                int thread = t;
                writers.add((t % 2 == 0 ? platform : virtual).submit(() -> {
                    start.await();
                    for (int i = 0; i < 200; i++) {
                        store.records().insert("r-" + thread + "-" + i, "u1", Optional.empty(),
                                AbstractStoreContractTest.bytes("cipher"));
                    }
                    return null;
                }));
            }
            Future<Long> reader = platform.submit(() -> {
                long reads = 0;
                while (writing.get()) {
                    AbstractStoreContractTest.count(store, "records");
                    reads++;
                }
                return reads;
            });
            start.countDown();
            for (Future<?> w : writers) {
                w.get(50, TimeUnit.SECONDS);
            }
            writing.set(false);
            assertThat(reader.get(10, TimeUnit.SECONDS)).isPositive();
        }

        assertThat(AbstractStoreContractTest.count(store, "records")).isEqualTo(8 * 200);
    }

    @Test
    void refusesAFileOfRandomBytesAndLeavesItAlone() throws IOException {
        Path dataDir = Files.createDirectories(tempDir.resolve("data"));
        Path file = dataDir.resolve("castellan.db");
        byte[] garbage = new byte[8192];
        new SecureRandom().nextBytes(garbage);
        Files.write(file, garbage);

        assertThatThrownBy(() -> open(dataDir))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.CORRUPT))
                .hasMessageContaining(file + " is not a valid SQLite database (corrupt or not a database file)")
                .hasMessageContaining("Nothing was changed");
        assertThat(Files.readAllBytes(file)).isEqualTo(garbage);
    }

    @Test
    void refusesATruncatedDatabase() throws IOException {
        Path dataDir = tempDir.resolve("data");
        Store store = open(dataDir);
        AbstractStoreContractTest.givenRecords(store);
        byte[] payload = new byte[2048];
        for (int i = 0; i < 200; i++) {
            store.records().insert("r" + i, "u1", Optional.empty(), payload);
        }
        store.close();
        Path file = dataDir.resolve("castellan.db");
        assertThat(dataDir.resolve("castellan.db-wal")).as("checkpointed on close").doesNotExist();

        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() / 2);
        }

        assertThatThrownBy(() -> open(dataDir))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.CORRUPT))
                .hasMessageContaining("is not a valid SQLite database (corrupt or not a database file)");
    }

    @Test
    void refusesADataDirectoryThatIsAFile() throws IOException {
        Path notADir = Files.writeString(tempDir.resolve("data"), "x");

        assertThatThrownBy(() -> open(notADir))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.DATA_DIR))
                .hasMessageContaining("is not a directory");
    }

    private static Object pragma(Handle h, String name) {
        return h.createQuery("PRAGMA " + name).map((rs, ctx) -> rs.getObject(1)).one();
    }
}
