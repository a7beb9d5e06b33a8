package io.castellan.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's behaviour, written once and run on every dialect by a ten-line subclass that says where a fresh,
 * empty database lives. Anything here that passes on one engine and fails on the other is a portability bug.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class AbstractStoreContractTest implements AccountStoreContract, SecretsManagerStoreContract,
        TeamStoreContract, PamStoreContract, GatewayStoreContract, AuditTamperContract {

    /** The schema version this build migrates to. */
    static final int SCHEMA_VERSION = 14;

    /**
     * Every table of the schema (V1; V2 Secrets Manager; V3 gateways and jobs; V5 team key copies; V6 PAM; V7
     * rotation schedules; V8 audit checkpoints; V9 audit sinks, alert rules, delivery cursors; V13 PAM resource
     * settings; V14 the data epoch).
     */
    static final List<String> TABLES = List.of("users", "sessions", "folders", "folder_keys", "records",
            "record_keys", "record_history", "record_links", "attachments", "teams", "team_members", "roles",
            "role_members", "role_enforcements", "applications", "app_grants", "devices", "audit_events",
            "server_settings", "used_transmission_keys", "login_throttle", "app_members", "sm_pending_updates",
            "sm_subfolders", "sm_record_subfolders", "sm_file_uploads", "gateways", "gateway_connections",
            "gateway_jobs", "team_admin_keys", "pam_configurations", "pam_rotation_settings", "rotation_schedules",
            "audit_checkpoints", "audit_sinks", "alert_rules", "audit_delivery_cursors", "pam_resource_settings",
            "data_epoch");

    @TempDir
    Path tempDir;

    private final List<Store> opened = new ArrayList<>();
    private StoreConfig config;

    /** A config naming a new, empty database (and {@code dataDir} as the data directory). */
    protected abstract StoreConfig freshConfig(Path dataDir);

    @BeforeEach
    void freshDatabase() {
        config = freshConfig(tempDir.resolve("data"));
    }

    @AfterEach
    void closeStores() {
        opened.forEach(Store::close);
    }

    Store open(StoreConfig c) {
        Store store = Store.open(c);
        opened.add(store);
        return store;
    }

    Store open() {
        return open(config);
    }

    @Override
    public Store contractStore() {
        return open();
    }

    /** A connection that bypasses the store, for planting and inspecting rows. */
    Jdbi raw() {
        return Jdbi.create(config.jdbcUrl().orElse("jdbc:sqlite:" + config.sqliteFile()));
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static UserKeys keys(String tag) {
        return new UserKeys(bytes(tag + "-salt"), 1_000_000, bytes(tag + "-verifier"), bytes(tag + "-dk"),
                bytes(tag + "-pub"), bytes(tag + "-priv"));
    }

    static long count(Store store, String table) {
        return store.read(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
    }

    // --- schema and migrations -------------------------------------------------------------------------------

    @Test
    void migratesAnEmptyDatabaseToTheLatestSchema() {
        Store store = open();

        assertThat(store.dialect()).isEqualTo(Dialect.of(config));
        assertThat(store.schemaVersion()).isEqualTo(SCHEMA_VERSION);
        for (String table : TABLES) {
            if (!table.equals("data_epoch")) {
                assertThat(count(store, table)).as(table).isZero();
            }
        }
        assertThat(new DataEpoch(store.transactions()).current()).as("a new database's data epoch").isZero();
    }

    @Test
    void reopeningIsIdempotentAndKeepsData() {
        Store first = open();
        first.settings().put("product.version", "0.1.0");
        long historyRows = count(first, Migrations.HISTORY_TABLE);
        first.close();

        Store second = open();

        assertThat(second.schemaVersion()).isEqualTo(SCHEMA_VERSION);
        assertThat(count(second, Migrations.HISTORY_TABLE)).isEqualTo(historyRows);
        assertThat(second.settings().get("product.version")).contains("0.1.0");
    }

    @Test
    void refusesASchemaWrittenByANewerBuildAndChangesNothing() {
        Store store = open();
        store.write(h -> h.execute("INSERT INTO " + Migrations.HISTORY_TABLE + " (installed_rank, version,"
                + " description, type, script, checksum, installed_by, execution_time, success) VALUES (999, '999',"
                + " 'from a newer build', 'SQL', 'V999__from_a_newer_build.sql', 0, 'test', 1, TRUE)"));
        store.settings().put("canary", "still here");
        store.close();

        assertThatThrownBy(this::open)
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.SCHEMA_TOO_NEW))
                .hasMessageContaining("database schema version 999 was written by a newer Castellan")
                .hasMessageContaining("this build knows up to version " + SCHEMA_VERSION)
                .hasMessageContaining("nothing was changed");
        List<String> versions = raw().withHandle(h -> h.createQuery("SELECT version FROM "
                + Migrations.HISTORY_TABLE + " WHERE version IS NOT NULL ORDER BY installed_rank")
                .mapTo(String.class).list());
        assertThat(versions).last().isEqualTo("999");
        assertThat(versions).contains("1", "2", Integer.toString(SCHEMA_VERSION)).hasSizeLessThanOrEqualTo(
                SCHEMA_VERSION + 1);
        String canary = raw().withHandle(h -> h.createQuery("SELECT value FROM server_settings WHERE name = 'canary'")
                .mapTo(String.class).one());
        assertThat(canary).isEqualTo("still here");
    }

    @Test
    void refusesAnAppliedMigrationWhoseChecksumChanged() {
        Store store = open();
        store.write(h -> h.execute("UPDATE " + Migrations.HISTORY_TABLE + " SET checksum = checksum + 1"
                + " WHERE version = '1'"));
        store.close();

        assertThatThrownBy(this::open)
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.MIGRATION_FAILED))
                .hasMessageContaining("checksum");
    }

    @Test
    void unreachablePostgresIsNamedWithoutItsPassword() {
        String url = "jdbc:postgresql://127.0.0.1:1/castellan?user=castellan&password=Canary-Hunter2&connectTimeout=2";
        StoreConfig unreachable = StoreConfig.of(tempDir.resolve("pg-data"), url);

        assertThatThrownBy(() -> open(unreachable))
                .isInstanceOfSatisfying(StoreException.class, e -> {
                    assertThat(e.reason()).isEqualTo(StoreException.Reason.UNREACHABLE);
                    StringWriter trace = new StringWriter();
                    e.printStackTrace(new PrintWriter(trace));
                    assertThat(trace.toString()).doesNotContain("Canary-Hunter2");
                })
                .hasMessageContaining("cannot connect to PostgreSQL at 127.0.0.1:1/castellan")
                .hasMessageContaining("Check that PostgreSQL is running");
        assertThat(unreachable.toString()).doesNotContain("Canary-Hunter2");
    }

    // --- transactions --------------------------------------------------------------------------------------

    @Test
    void workInsideOneWriteCommitsOrRollsBackTogether() {
        Store store = open();
        store.users().create("u1", "owner@example.com", UserStatus.ACTIVE, false, keys("u1"));

        assertThatThrownBy(() -> store.write(h -> {
            store.records().insert("r1", "u1", Optional.empty(), bytes("data"));
            store.auditEvents().append(event("e1"));
            throw new IllegalStateException("action failed after its audit was appended");
        })).hasMessageContaining("action failed");

        assertThat(store.records().get("r1")).isEmpty();
        assertThat(store.auditEvents().lastSeq()).isZero();
        assertThat(store.auditEvents().append(event("e2")).seq()).isEqualTo(1);
    }

    @Test
    void aReadJoinsTheSurroundingWriteButAWriteInsideAReadIsRefused() {
        Store store = open();

        String seen = store.write(h -> {
            store.settings().put("k", "uncommitted");
            return store.settings().get("k").orElseThrow();
        });
        assertThat(seen).isEqualTo("uncommitted");
        assertThatThrownBy(() -> store.read(h -> {
            store.settings().put("k", "v");
            return null;
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("inside a read transaction");
    }

    @Test
    void serializableWritesDoNotLoseConcurrentIncrements() throws Exception {
        Store store = open();
        store.settings().put("counter", "0");

        runConcurrently(4, t -> {
            for (int i = 0; i < 25; i++) {
                store.writeSerializable(h -> {
                    int value = Integer.parseInt(store.settings().get("counter").orElseThrow());
                    store.settings().put("counter", Integer.toString(value + 1));
                    return null;
                });
            }
            return null;
        });

        assertThat(store.settings().get("counter")).contains("100");
    }

    // --- users ---------------------------------------------------------------------------------------------

    @Test
    void usersAreCreatedFoundAndUpdated() {
        Store store = open();
        User alice = store.users().create("u1", "Alice@Example.COM", UserStatus.ACTIVE, true, keys("alice"));

        User found = store.users().findByUid("u1").orElseThrow();
        assertThat(found.email()).isEqualTo("alice@example.com").isEqualTo(alice.email());
        assertThat(found.status()).isEqualTo(UserStatus.ACTIVE);
        assertThat(found.admin()).isTrue();
        assertThat(found).usingRecursiveComparison().isEqualTo(alice);
        UserKeys k = found.keys().orElseThrow();
        assertThat(k.authSalt()).isEqualTo(bytes("alice-salt"));
        assertThat(k.authIterations()).isEqualTo(1_000_000);
        assertThat(k.authVerifier()).isEqualTo(bytes("alice-verifier"));
        assertThat(k.encryptedDataKey()).isEqualTo(bytes("alice-dk"));
        assertThat(k.publicKey()).isEqualTo(bytes("alice-pub"));
        assertThat(k.encryptedPrivateKey()).isEqualTo(bytes("alice-priv"));
        assertThat(found.totpSecretEncrypted()).isEmpty();
        assertThat(store.users().findByEmail("  ALICE@example.com ")).map(User::uid).contains("u1");
        assertThat(store.users().findByEmail("bob@example.com")).isEmpty();
        assertThat(store.users().findByUid("nobody")).isEmpty();

        store.users().updateStatus("u1", UserStatus.DISABLED);
        assertThat(store.users().findByUid("u1").orElseThrow().status()).isEqualTo(UserStatus.DISABLED);
        assertThatThrownBy(() -> store.users().updateStatus("nobody", UserStatus.ACTIVE))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.NOT_FOUND));
    }

    @Test
    void emailIsUniqueIgnoringCaseEvenBelowTheRepository() {
        Store store = open();
        store.users().create("u1", "alice@example.com", UserStatus.ACTIVE, false, keys("a"));

        assertThatThrownBy(() -> store.users().create("u2", "ALICE@example.com", UserStatus.ACTIVE, false, keys("b")))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.DUPLICATE));
        assertThatThrownBy(() -> raw().useHandle(h -> h.execute("INSERT INTO users (uid, email, status, created_at,"
                + " updated_at) VALUES ('u3', 'Alice@Example.com', 'invited', 0, 0)")))
                .satisfies(e -> assertThat(store.dialect().isUniqueViolation(e)).isTrue());
    }

    @Test
    void invitedUsersHaveNoKeysUntilTheyAccept() {
        Store store = open();
        store.users().create("u1", "carol@example.com", UserStatus.INVITED, false, null);
        assertThat(store.users().findByUid("u1").orElseThrow().keys()).isEmpty();

        store.users().setKeys("u1", keys("carol"));
        store.users().updateStatus("u1", UserStatus.ACTIVE);

        User carol = store.users().findByUid("u1").orElseThrow();
        assertThat(carol.keys().orElseThrow().publicKey()).isEqualTo(bytes("carol-pub"));
        assertThat(carol.status()).isEqualTo(UserStatus.ACTIVE);
    }

    // --- records -------------------------------------------------------------------------------------------

    @Test
    void recordsAreVersionedWithHistory() {
        Store store = open();
        store.users().create("u1", "owner@example.com", UserStatus.ACTIVE, false, keys("u1"));
        RecordRepository records = store.records();

        StoredRecord v1 = records.insert("r1", "u1", Optional.empty(), bytes("cipher-1"));
        assertThat(v1.revision()).isEqualTo(1);
        StoredRecord v2 = records.update("r1", 1, bytes("cipher-2"));
        assertThat(v2.revision()).isEqualTo(2);

        StoredRecord current = records.get("r1").orElseThrow();
        assertThat(current.revision()).isEqualTo(2);
        assertThat(current.encryptedData()).isEqualTo(bytes("cipher-2"));
        assertThat(current.ownerUid()).isEqualTo("u1");
        assertThat(current.folderUid()).isEmpty();
        assertThat(current.deleted()).isFalse();
        List<RecordRevision> history = records.history("r1");
        assertThat(history).extracting(RecordRevision::revision).containsExactly(1L);
        assertThat(history.get(0).encryptedData()).isEqualTo(bytes("cipher-1"));
        assertThat(history.get(0).createdAt()).isEqualTo(current.createdAt());
    }

    @Test
    void aStaleUpdateIsRefusedAndWritesNothing() {
        Store store = open();
        store.users().create("u1", "owner@example.com", UserStatus.ACTIVE, false, keys("u1"));
        store.records().insert("r1", "u1", Optional.empty(), bytes("cipher-1"));
        store.records().update("r1", 1, bytes("cipher-2"));

        assertThatThrownBy(() -> store.records().update("r1", 1, bytes("cipher-from-stale-client")))
                .isInstanceOfSatisfying(StaleRevisionException.class, e -> {
                    assertThat(e.reason()).isEqualTo(StoreException.Reason.CONFLICT);
                    assertThat(e.uid()).isEqualTo("r1");
                    assertThat(e.expectedRevision()).isEqualTo(1);
                    assertThat(e.actualRevision()).isEqualTo(2);
                })
                .hasMessageContaining("record r1 is at revision 2, not the expected revision 1");

        assertThat(store.records().get("r1").orElseThrow().encryptedData()).isEqualTo(bytes("cipher-2"));
        assertThat(store.records().history("r1")).hasSize(1);
    }

    @Test
    void ofConcurrentUpdatesFromOneRevisionExactlyOneWins() throws Exception {
        Store store = open();
        store.users().create("u1", "owner@example.com", UserStatus.ACTIVE, false, keys("u1"));
        store.records().insert("r1", "u1", Optional.empty(), bytes("cipher-1"));

        List<String> outcomes = runConcurrently(6, t -> {
            try {
                store.records().update("r1", 1, bytes("cipher-from-" + t));
                return "won";
            } catch (StaleRevisionException e) {
                return "stale";
            }
        });

        assertThat(outcomes).containsOnlyOnce("won").filteredOn("stale"::equals).hasSize(5);
        assertThat(store.records().get("r1").orElseThrow().revision()).isEqualTo(2);
        assertThat(store.records().history("r1")).hasSize(1);
    }

    @Test
    void softDeletedRecordsKeepTheirHistoryAndCannotChange() {
        Store store = open();
        store.users().create("u1", "owner@example.com", UserStatus.ACTIVE, false, keys("u1"));
        store.records().insert("r1", "u1", Optional.empty(), bytes("cipher-1"));

        StoredRecord deleted = store.records().softDelete("r1", 1);

        assertThat(deleted.deleted()).isTrue();
        assertThat(deleted.revision()).isEqualTo(2);
        assertThat(store.records().get("r1").orElseThrow().deleted()).isTrue();
        assertThat(store.records().history("r1")).extracting(RecordRevision::revision).containsExactly(1L);
        assertThatThrownBy(() -> store.records().update("r1", 2, bytes("x")))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.NOT_FOUND));
    }

    @Test
    void recordsNeedAnExistingOwnerAndAUniqueUid() {
        Store store = open();
        store.users().create("u1", "owner@example.com", UserStatus.ACTIVE, false, keys("u1"));
        store.records().insert("r1", "u1", Optional.empty(), bytes("cipher-1"));

        assertThatThrownBy(() -> store.records().insert("r1", "u1", Optional.empty(), bytes("again")))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.DUPLICATE));
        assertThatThrownBy(() -> store.records().insert("r2", "no-such-user", Optional.empty(), bytes("x")))
                .satisfies(e -> assertThat(foreignKeyViolation(e)).as("foreign key violation: %s", e).isTrue());
    }

    // --- record keys ---------------------------------------------------------------------------------------

    @Test
    void recordKeysArePutListedReplacedAndRevoked() {
        Store store = open();
        givenRecords(store, "r1", "r2");
        RecordKeyRepository keys = store.recordKeys();

        keys.put(new RecordKey("r1", HolderKind.USER, "u1", bytes("k1"), true, false, Optional.empty()));
        keys.put(new RecordKey("r2", HolderKind.USER, "u1", bytes("k2"), false, false,
                Optional.of(Instant.now().plus(1, ChronoUnit.HOURS))));
        keys.put(new RecordKey("r1", HolderKind.APP, "app1", bytes("k1-app"), false, false, Optional.empty()));

        RecordKey k1 = keys.get("r1", HolderKind.USER, "u1").orElseThrow();
        assertThat(k1.encryptedRecordKey()).isEqualTo(bytes("k1"));
        assertThat(k1.canEdit()).isTrue();
        assertThat(k1.canShare()).isFalse();
        assertThat(keys.listByHolder(HolderKind.USER, "u1")).extracting(RecordKey::recordUid)
                .containsExactly("r1", "r2");
        assertThat(keys.listByHolder(HolderKind.APP, "app1")).extracting(RecordKey::recordUid).containsExactly("r1");

        keys.put(new RecordKey("r1", HolderKind.USER, "u1", bytes("k1-rewrapped"), false, true, Optional.empty()));
        RecordKey replaced = keys.get("r1", HolderKind.USER, "u1").orElseThrow();
        assertThat(replaced.encryptedRecordKey()).isEqualTo(bytes("k1-rewrapped"));
        assertThat(replaced.canEdit()).isFalse();
        assertThat(replaced.canShare()).isTrue();
        assertThat(keys.listByHolder(HolderKind.USER, "u1")).hasSize(2);

        assertThat(keys.delete("r1", HolderKind.USER, "u1")).isTrue();
        assertThat(keys.delete("r1", HolderKind.USER, "u1")).isFalse();
        assertThat(keys.get("r1", HolderKind.USER, "u1")).isEmpty();
        assertThatThrownBy(() -> keys.put(new RecordKey("no-such-record", HolderKind.USER, "u1", bytes("k"), false,
                false, Optional.empty())))
                .satisfies(e -> assertThat(foreignKeyViolation(e)).as("foreign key violation: %s", e).isTrue());
    }

    @Test
    void expiredRecordKeysAreNotServedAndAreDeletedWhenSwept() {
        Store store = open();
        givenRecords(store, "r1", "r2", "r3");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        RecordKeyRepository keys = store.recordKeys();
        keys.put(new RecordKey("r1", HolderKind.USER, "u1", bytes("k1"), false, false, Optional.empty()));
        keys.put(new RecordKey("r2", HolderKind.USER, "u1", bytes("k2"), false, false,
                Optional.of(now.plus(1, ChronoUnit.HOURS))));
        keys.put(new RecordKey("r3", HolderKind.USER, "u1", bytes("k3"), false, false,
                Optional.of(now.minus(1, ChronoUnit.MINUTES))));

        assertThat(keys.listByHolder(HolderKind.USER, "u1")).extracting(RecordKey::recordUid)
                .containsExactly("r1", "r2");
        assertThat(keys.get("r3", HolderKind.USER, "u1")).isEmpty();

        List<RecordKey> swept = keys.deleteExpired(now);
        assertThat(swept).extracting(RecordKey::recordUid).containsExactly("r3");
        assertThat(swept.get(0).encryptedRecordKey()).isEqualTo(bytes("k3"));
        assertThat(swept.get(0).expiresAt()).contains(now.minus(1, ChronoUnit.MINUTES));
        assertThat(keys.deleteExpired(now)).isEmpty();
        assertThat(keys.deleteExpired(now.plus(2, ChronoUnit.HOURS))).extracting(RecordKey::recordUid)
                .containsExactly("r2");
        assertThat(count(store, "record_keys")).isEqualTo(1);
    }

    // --- audit ---------------------------------------------------------------------------------------------

    @Test
    void auditEventsAreNumberedChainedAndReadBack() {
        Store store = open();
        NewAuditEvent first = new NewAuditEvent("e1", Instant.ofEpochMilli(1_700_000_000_123L), "record_update",
                "user:u1", Optional.of("10.0.0.7"), List.of("r1", "r2"), "success", "{\"revision\":2}");

        AuditEvent a1 = store.auditEvents().append(first);
        AuditEvent a2 = store.auditEvents().append(event("e2"));
        AuditEvent a3 = store.auditEvents().append(event("e3"));

        assertThat(List.of(a1.seq(), a2.seq(), a3.seq())).containsExactly(1L, 2L, 3L);
        assertThat(a1.prevHash()).isEqualTo(AuditChainHash.GENESIS);
        List<AuditEvent> stored = store.auditEvents().range(1, 3);
        assertThat(stored).isEqualTo(List.of(a1, a2, a3));
        assertThat(stored.get(0).event()).isEqualTo(first);
        assertValidChain(stored);
        assertThat(store.auditEvents().range(2, 3)).extracting(AuditEvent::seq).containsExactly(2L, 3L);
        assertThat(store.auditEvents().lastSeq()).isEqualTo(3);
    }

    @Test
    void concurrentAuditAppendsAreGapFreeAndChained() throws Exception {
        Store store = open();

        runConcurrently(4, t -> {
            for (int i = 0; i < 100; i++) {
                store.auditEvents().append(event("t" + t + "-" + i));
            }
            return null;
        });

        List<AuditEvent> all = store.auditEvents().range(1, Long.MAX_VALUE);
        assertThat(all).extracting(AuditEvent::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 400).boxed().toList());
        assertValidChain(all);
    }

    @Test
    void appendsChainedInOneRunStayGapFreeAndChainedBesideOtherAppenders() throws Exception {
        Store store = open();
        store.auditEvents().append(event("before"));
        // threads 0-1 append five events per transaction inside a batched run (one lock and tip read each), threads
        // 2-3 append alone; every tenth run fails after its appends and rolls back: nothing of it may remain
        runConcurrently(4, t -> {
            for (int i = 0; i < 40; i++) {
                String prefix = "t" + t + "-" + i;
                if (t < 2) {
                    boolean fail = i % 10 == 9;
                    try {
                        store.write(h -> {
                            BatchedRun.run(() -> {
                                for (int k = 0; k < 5; k++) {
                                    store.auditEvents().append(event(prefix + "-" + k));
                                }
                                if (fail) {
                                    throw new IllegalStateException("rolled back on purpose");
                                }
                            });
                            return null;
                        });
                    } catch (IllegalStateException e) {
                        assertThat(fail).isTrue();
                    }
                } else {
                    store.auditEvents().append(event(prefix));
                }
            }
            return null;
        });
        store.auditEvents().append(event("after"));

        List<AuditEvent> all = store.auditEvents().range(1, Long.MAX_VALUE);
        // 1 + 2 threads x 36 committed runs x 5 + 2 threads x 40 + 1
        int expected = 1 + 2 * 36 * 5 + 2 * 40 + 1;
        assertThat(all).extracting(AuditEvent::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, expected).boxed().toList());
        assertValidChain(all);
        assertThat(all).extracting(e -> e.event().eventUid()).noneMatch(uid -> uid.matches("t[01]-(9|19|29|39)-.*"));
        // a run's five events are consecutive: the lock was held from the first append to the commit
        for (int t = 0; t < 2; t++) {
            for (int i = 0; i < 40; i += 10) {
                String first = "t" + t + "-" + i + "-0";
                long seq = all.stream().filter(e -> e.event().eventUid().equals(first)).findFirst().orElseThrow().seq();
                assertThat(all.subList((int) seq - 1, (int) seq + 4)).extracting(e -> e.event().eventUid())
                        .containsExactly(first, "t" + t + "-" + i + "-1", "t" + t + "-" + i + "-2",
                                "t" + t + "-" + i + "-3", "t" + t + "-" + i + "-4");
            }
        }
    }

    @Test
    void aBatchedRunWritesItsMarksAndEventsAtItsEndAndAReplayedMarkFailsAllOfIt() {
        Store store = open();
        UsedTransmissionKeyRepository used = new UsedTransmissionKeyRepository(store.transactions());
        Instant expires = Instant.now().plusSeconds(600);
        Supplier<RuntimeException> replayed = () -> new IllegalArgumentException("replayed");
        used.markUsedOrFail(bytes("old"), expires, replayed);
        store.auditEvents().append(event("before"));

        long seen = store.write(h -> {
            long[] inside = new long[1];
            BatchedRun.run(() -> {
                for (String k : List.of("m1", "m2", "m3")) {
                    used.markUsedOrFail(bytes(k), expires, replayed);
                    store.auditEvents().append(event("run-" + k));
                }
                inside[0] = h.createQuery("SELECT COUNT(*) FROM audit_events").mapTo(Long.class).one();
            });
            return inside[0];
        });
        assertThat(seen).as("queued, not yet written, while the run's work runs").isEqualTo(1);
        List<AuditEvent> all = store.auditEvents().range(1, Long.MAX_VALUE);
        assertThat(all).extracting(e -> e.event().eventUid()).containsExactly("before", "run-m1", "run-m2", "run-m3");
        assertValidChain(all);
        assertThat(used.markUsed(bytes("m2"), expires)).as("the run's marks were written").isFalse();

        // a hash used before, or twice in the run: the run's end throws that mark's failure, the transaction rolls
        // back and nothing of the run remains
        for (List<String> keys : List.of(List.of("n1", "old", "n2"), List.of("p1", "p2", "p1"))) {
            assertThatThrownBy(() -> store.write(h -> {
                BatchedRun.run(() -> keys.forEach(k -> {
                    used.markUsedOrFail(bytes(k), expires, replayed);
                    store.auditEvents().append(event("failed-" + k));
                }));
                return null;
            })).isInstanceOf(IllegalArgumentException.class).hasMessage("replayed");
        }
        assertThat(store.auditEvents().range(1, Long.MAX_VALUE)).hasSize(4);
        assertThat(used.markUsed(bytes("n1"), expires)).as("rolled back with the run").isTrue();
        assertThat(used.markUsed(bytes("p2"), expires)).isTrue();
        store.auditEvents().append(event("after"));
        assertValidChain(store.auditEvents().range(1, Long.MAX_VALUE));
    }

    // --- settings ------------------------------------------------------------------------------------------

    @Test
    void settingsRoundTrip() {
        Store store = open();
        SettingsRepository settings = store.settings();

        assertThat(settings.get("schema.owner")).isEmpty();
        settings.put("schema.owner", "castellan 0.1.0");
        assertThat(settings.get("schema.owner")).contains("castellan 0.1.0");
        settings.put("schema.owner", "castellan 0.2.0");
        assertThat(settings.get("schema.owner")).contains("castellan 0.2.0");
        assertThat(count(store, "server_settings")).isEqualTo(1);
    }

    // --- helpers -------------------------------------------------------------------------------------------

    static NewAuditEvent event(String uid) {
        return new NewAuditEvent(uid, Instant.now(), "test_event", "user:u1", Optional.empty(), List.of(), "success",
                "{}");
    }

    static void assertValidChain(List<AuditEvent> events) {
        String prev = AuditChainHash.GENESIS;
        for (AuditEvent e : events) {
            assertThat(e.prevHash()).as("prev_hash of %d", e.seq()).isEqualTo(prev);
            assertThat(e.hash()).as("hash of %d", e.seq()).isEqualTo(AuditChainHash.of(e.seq(), e.event(), prev));
            prev = e.hash();
        }
    }

    static void givenRecords(Store store, String... uids) {
        store.users().create("u1", "owner@example.com", UserStatus.ACTIVE, false, keys("u1"));
        for (String uid : uids) {
            store.records().insert(uid, "u1", Optional.empty(), bytes("cipher-" + uid));
        }
    }

    static boolean foreignKeyViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (m.contains("FOREIGN KEY constraint failed") || m.contains("violates foreign key constraint")) {
                return true;
            }
        }
        return false;
    }

    /** Runs {@code task} on {@code threads} threads released together; returns their results in thread order. */
    interface Task<T> {
        T run(int thread) throws Exception;
    }

    static <T> List<T> runConcurrently(int threads, Task<T> task) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Callable<T> call = () -> {
                    start.await();
                    return task.run(thread);
                };
                futures.add(pool.submit(call));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
