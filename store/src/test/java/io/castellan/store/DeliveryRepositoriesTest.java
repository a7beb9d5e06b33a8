package io.castellan.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.castellan.testkit.PostgresTestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SIEM sink / alert rule rows and their delivery cursors (V9) on SQLite and PostgreSQL: names are unique, rows
 * round-trip (sealed secrets as bytes), and the cursor's lease lets one node deliver at a time: another node takes
 * over only once the lease expired, and a node without the lease cannot move the cursor.
 */
class DeliveryRepositoriesTest {

    private static final PostgresTestDatabase DATABASE = PostgresTestDatabase.create();
    private static final Instant T0 = Instant.parse("2026-11-29T08:00:00Z");

    @TempDir
    Path dir;

    @AfterAll
    static void dropDatabase() {
        DATABASE.close();
    }

    static Stream<String> dialects() {
        return Stream.of("sqlite", "postgresql");
    }

    private Store open(String dialect) {
        Function<Path, StoreConfig> config = dialect.equals("sqlite") ? StoreConfig::embedded
                : d -> StoreConfig.of(d, DATABASE.newSchemaUrl());
        return Store.open(config.apply(dir));
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void sinksAndRulesRoundTripWithUniqueNames(String dialect) {
        try (Store store = open(dialect)) {
            DeliveryTargetRepository sinks = DeliveryTargetRepository.sinks(store.transactions());
            DeliveryTargetRepository rules = DeliveryTargetRepository.alertRules(store.transactions());
            DeliveryTarget sink = new DeliveryTarget("siem", "syslog-tcp", "{\"host\":\"h\"}",
                    Optional.of(new byte[] {1, 2, 3}), List.of(), "{}", T0);
            assertThat(sinks.insert(sink)).isTrue();
            assertThat(sinks.insert(sink)).as("names are unique").isFalse();
            DeliveryTarget stored = sinks.find("siem").orElseThrow();
            assertThat(stored.secretSealed().orElseThrow()).containsExactly(1, 2, 3);
            assertThat(stored.kind()).isEqualTo("syslog-tcp");

            DeliveryTarget rule = new DeliveryTarget("gw", "webhook", "{}", Optional.empty(),
                    List.of("gateway_offline", "rotation_flagged"), "{\"result\":\"failure\"}", T0);
            assertThat(rules.insert(rule)).isTrue();
            assertThat(rules.list()).singleElement().satisfies(r -> {
                assertThat(r.eventTypes()).containsExactly("gateway_offline", "rotation_flagged");
                assertThat(r.filtersJson()).isEqualTo("{\"result\":\"failure\"}");
                assertThat(r.secretSealed()).isEmpty();
            });
            assertThat(rules.replace(new DeliveryTarget("gw", "slack", "{}", Optional.empty(), List.of("logout"),
                    "{}", T0))).isTrue();
            assertThat(rules.find("gw").orElseThrow().kind()).isEqualTo("slack");
            assertThat(sinks.list()).extracting(DeliveryTarget::name).containsExactly("siem");
            assertThat(sinks.delete("siem")).isTrue();
            assertThat(sinks.delete("siem")).isFalse();
        }
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void oneNodeHoldsTheLeaseAndOnlyItMovesTheCursor(String dialect) {
        try (Store store = open(dialect)) {
            DeliveryCursorRepository cursors = new DeliveryCursorRepository(store.transactions());
            cursors.create("sink:siem", 7);
            cursors.create("sink:siem", 99); // exists: unchanged
            Duration lease = Duration.ofSeconds(60);
            assertThat(cursors.claim("sink:siem", "node-a", T0, T0.plus(lease))).isTrue();
            assertThat(cursors.claim("sink:siem", "node-b", T0.plusSeconds(30), T0.plusSeconds(90))).isFalse();
            assertThat(cursors.advance("sink:siem", "node-b", 20, T0)).as("node-b holds no lease").isFalse();
            assertThat(cursors.advance("sink:siem", "node-a", 12, T0.plusSeconds(1))).isTrue();
            assertThat(cursors.advance("sink:siem", "node-a", 10, T0.plusSeconds(1))).as("never backwards")
                    .isFalse();
            cursors.fail("sink:siem", "node-a", "ConnectException: refused", T0.plusSeconds(2));
            DeliveryCursor c = cursors.find("sink:siem").orElseThrow();
            assertThat(c.lastSeq()).isEqualTo(12);
            assertThat(c.lastError()).contains("ConnectException: refused");
            assertThat(c.lastSuccessAt()).contains(T0.plusSeconds(1));

            assertThat(cursors.claim("sink:siem", "node-b", T0.plusSeconds(61), T0.plusSeconds(121)))
                    .as("the lease expired: node-b takes over").isTrue();
            assertThat(cursors.claim("sink:siem", "node-a", T0.plusSeconds(62), T0.plusSeconds(122))).isFalse();
            assertThat(cursors.advance("sink:siem", "node-b", 15, T0.plusSeconds(63))).isTrue();
            assertThat(cursors.find("sink:siem").orElseThrow().lastError()).as("a success clears the error")
                    .isEmpty();
            cursors.release("sink:siem", "node-b");
            assertThat(cursors.claim("sink:siem", "node-a", T0.plusSeconds(64), T0.plusSeconds(124))).isTrue();
            cursors.delete("sink:siem");
            assertThat(cursors.find("sink:siem")).isEmpty();
            assertThat(cursors.claim("sink:siem", "node-a", T0.plusSeconds(65), T0.plusSeconds(125))).isFalse();
        }
    }
}
