package io.castellan.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castellan.cli.Cli;
import io.castellan.cli.Cli.Result;
import io.castellan.server.account.AtRestKey;
import io.castellan.testkit.PostgresTestDatabase;
import io.castellan.testkit.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two server processes on one PostgreSQL database (sharing the at-rest key, as a cluster must) and one webhook sink:
 * events written through both nodes reach the sink once each, in order — one node delivers, by lease — and when a
 * node stops the other carries on from the persisted cursor.
 */
@Timeout(value = 360, unit = TimeUnit.SECONDS)
class TwoNodeSinkDeliveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "admin@siem-two-nodes.example";

    @TempDir
    Path dir;

    @Test
    void eventsFromBothNodesArriveOnceInOrderAndDeliverySurvivesANode() throws Exception {
        Path pw = Files.writeString(dir.resolve("admin.pw"), "siem two nodes master password 4Rr\n");
        Path configA = dir.resolve("cli-a/config.json");
        Path configB = dir.resolve("cli-b/config.json");
        Path auth = Files.writeString(dir.resolve("auth.txt"), "Bearer two-node-sink-token\n");
        try (PostgresTestDatabase db = PostgresTestDatabase.create(); HttpCollector http = new HttpCollector()) {
            Result created = Cli.run("server", "init-admin", "--data-dir", dir.resolve("a/data").toString(),
                    "--db-url", db.jdbcUrl(), "--email", ADMIN, "--password-file", pw.toString(),
                    "--iterations", "100000");
            assertThat(created.exit()).as(created.err()).isZero();
            ServerProcess a = node(dir.resolve("a"), db);
            try {
                Path key = dir.resolve("a/data").resolve(AtRestKey.FILE);
                Files.createDirectories(dir.resolve("b/data/keys"));
                Files.copy(key, dir.resolve("b/data").resolve(AtRestKey.FILE));
                try (ServerProcess b = node(dir.resolve("b"), db)) {
                    ConfiguredCli.ok(configA, "login", ADMIN, "--server", a.url(), "--password-file", pw.toString());
                    ConfiguredCli.ok(configB, "login", ADMIN, "--server", b.url(), "--password-file", pw.toString());
                    ConfiguredCli.ok(configA, "audit", "sink", "add", "hook", "--type", "webhook", "--url",
                            http.url("/two-nodes"), "--authorization-file", auth.toString());
                    for (int i = 0; i < 4; i++) {
                        ConfiguredCli.ok(configA, "mkdir", "-sf", "A-" + i);
                        ConfiguredCli.ok(configB, "mkdir", "-sf", "B-" + i);
                    }
                    long last = lastSeq(configB, "folder_created");
                    Eventually.await("every event at the sink", Duration.ofSeconds(90),
                            () -> seqs(http).contains(last));
                    List<Long> seqs = seqs(http);
                    assertThat(seqs).as("once each, in order: one node delivers at a time").doesNotHaveDuplicates()
                            .isSorted();
                    assertThat(seqs.getLast() - seqs.getFirst() + 1).as("no gaps").isEqualTo(seqs.size());
                    assertThat(http.at("/two-nodes")).allMatch(r -> r.authorization().equals(
                            "Bearer two-node-sink-token"));

                    a.close(); // whichever node held the lease, B now delivers
                    for (int i = 0; i < 3; i++) {
                        ConfiguredCli.ok(configB, "mkdir", "-sf", "After-" + i);
                    }
                    long after = lastSeq(configB, "folder_created");
                    Eventually.await("delivery by the remaining node", Duration.ofSeconds(120),
                            () -> seqs(http).contains(after));
                    List<Long> all = seqs(http).stream().distinct().toList();
                    assertThat(all).isSorted();
                    assertThat(all.getLast() - all.getFirst() + 1).as("no gaps across the failover")
                            .isEqualTo(all.size());
                }
            } finally {
                a.close();
            }
        }
    }

    private static ServerProcess node(Path home, PostgresTestDatabase db) {
        return ServerProcess.builder(home.resolve("data")).listen("127.0.0.1", 0).dbUrl(db.jdbcUrl())
                .logFile(home.resolve("server.log")).startTimeout(Duration.ofSeconds(120)).start();
    }

    private static long lastSeq(Path config, String eventType) throws Exception {
        JsonNode events = ConfiguredCli.json(config, "audit-report", "--event-type", eventType);
        return events.get(events.size() - 1).path("seq").asLong();
    }

    private static List<Long> seqs(HttpCollector http) throws Exception {
        List<Long> seqs = new ArrayList<>();
        for (HttpCollector.Request r : http.at("/two-nodes")) {
            for (String line : r.body().split("\n")) {
                seqs.add(JSON.readTree(line).path("seq").asLong());
            }
        }
        return seqs;
    }
}
