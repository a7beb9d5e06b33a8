package io.castellan.server.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.Base64s;
import io.castellan.server.ApiTestServer;
import io.castellan.server.device.SmWorld.App;
import io.castellan.server.device.SmWorld.VaultRecord;
import io.castellan.testkit.PostgresTestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replay protection of {@code get_secret} with two server nodes on one PostgreSQL database: the replay mark commits
 * with the read's audit event (one write per read), and a request accepted by one node is refused by the other, also
 * when both receive it at the same moment; an answer refused for want of audit leaves no mark and no event.
 */
@Timeout(120)
class DeviceReplayAcrossNodesTest {

    private static final PostgresTestDatabase DATABASE = PostgresTestDatabase.create();

    @TempDir
    Path tempDir;

    SmWorld world;
    ApiTestServer second;
    TestDevice atFirst;
    TestDevice atSecond;
    App app;
    VaultRecord record;

    @AfterAll
    static void dropDatabase() {
        DATABASE.close();
    }

    @BeforeEach
    void start() throws Exception {
        String url = DATABASE.newSchemaUrl();
        Path first = tempDir.resolve("node1");
        world = SmWorld.start(first, b -> b.jdbcUrl(url).deviceRequestsPerMinute(6000));
        app = world.createApp(world.aliceSession, world.alice, "Two nodes");
        record = world.addRecord(world.aliceSession, world.alice, "{\"password\":\"p\"}");
        world.grantRecord(world.aliceSession, app, record, false);
        atFirst = world.addDevice(world.aliceSession, app, "device", false);
        atFirst.bind();
        // the second node shares the database, the transmission keys and the TLS material, as nodes behind one
        // load balancer do
        Path node2 = tempDir.resolve("node2");
        copyTree(first, node2);
        second = ApiTestServer.start(node2, b -> b.jdbcUrl(url).deviceRequestsPerMinute(6000));
        atSecond = atFirst.at("https://localhost:" + second.server.port());
    }

    @AfterEach
    void stop() {
        if (second != null) {
            second.close();
        }
        world.close();
    }

    @Test
    void aGetSecretAcceptedByOneNodeIsRefusedByTheOther() {
        long reads = reads();
        long marks = world.count("used_transmission_keys", "");
        TestDevice.Sealed sealed = atFirst.seal("get_secret", atFirst.payload());
        assertThat(atFirst.send(sealed).status()).isEqualTo(200);
        DeviceApiHostileInputTest.assertKsmError(atSecond.send(sealed), 400, "replayed_request");
        DeviceApiHostileInputTest.assertKsmError(atFirst.send(sealed), 400, "replayed_request");
        assertThat(reads()).isEqualTo(reads + 1);
        assertThat(world.count("used_transmission_keys", "")).isEqualTo(marks + 1);
        // and the other way round
        TestDevice.Sealed other = atSecond.seal("get_secret", atSecond.payload());
        assertThat(atSecond.send(other).status()).isEqualTo(200);
        DeviceApiHostileInputTest.assertKsmError(atFirst.send(other), 400, "replayed_request");
        assertThat(reads()).isEqualTo(reads + 2);
    }

    @Test
    void theSameGetSecretSentToBothNodesAtOnceIsAnsweredOnce() throws Exception {
        long reads = reads();
        int requests = 12;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < requests; i++) {
                TestDevice.Sealed sealed = atFirst.seal("get_secret", atFirst.payload());
                List<Future<TestDevice.Reply>> replies = new ArrayList<>();
                for (TestDevice node : List.of(atFirst, atSecond, atFirst, atSecond)) {
                    replies.add(pool.submit((Callable<TestDevice.Reply>) () -> node.send(sealed)));
                }
                int answered = 0;
                for (Future<TestDevice.Reply> reply : replies) {
                    TestDevice.Reply r = reply.get();
                    if (r.status() == 200) {
                        answered++;
                    } else {
                        DeviceApiHostileInputTest.assertKsmError(r, 400, "replayed_request");
                    }
                }
                assertThat(answered).as("request %d", i).isEqualTo(1);
            }
        }
        assertThat(reads()).isEqualTo(reads + requests);
    }

    @Test
    void aReadRefusedForWantOfAuditLeavesNoMarkAndNoEvent() {
        long reads = reads();
        long marks = world.count("used_transmission_keys", "");
        world.api.auditFails(true);
        TestDevice.Sealed sealed = atFirst.seal("get_secret", atFirst.payload());
        DeviceApiHostileInputTest.assertKsmError(atFirst.send(sealed), 503, "unavailable");
        assertThat(world.count("used_transmission_keys", "")).isEqualTo(marks);
        assertThat(reads()).isEqualTo(reads);
        world.api.auditFails(false);
        // the device retries with a new request, as the SDKs do
        assertThat(atFirst.call("get_secret", atFirst.payload()).status()).isEqualTo(200);
        assertThat(reads()).isEqualTo(reads + 1);
    }

    /**
     * Each node keeps the application's last answer (AppSnapshotCache) under the store's data epoch: a change
     * committed through one node is served by the other on its very next request, and a removed grant hides the
     * record there at once.
     */
    @Test
    void aChangeCommittedThroughOneNodeIsServedByTheOtherOnItsNextRequest() {
        assertThat(passwordServedBy(atSecond)).isEqualTo("p");
        assertThat(passwordServedBy(atSecond)).as("served again from the second node's cache").isEqualTo("p");
        world.client.ok("record_update", world.aliceSession, SmWorld.json().put("uid", record.uid())
                .put("revision", 1).put("data", Base64s.encode(Aes256Gcm.encrypt(record.recordKey(),
                        "{\"password\":\"rotated\"}".getBytes(StandardCharsets.UTF_8)))));
        assertThat(passwordServedBy(atSecond)).isEqualTo("rotated");
        assertThat(passwordServedBy(atFirst)).isEqualTo("rotated");
        world.client.ok("app_grant_remove", world.aliceSession, SmWorld.json().put("appUid", app.uid())
                .put("subjectUid", record.uid()));
        assertThat(atSecond.ok("get_secret", atSecond.payload()).get("records").isNull())
                .as("no record once the grant is gone").isTrue();
    }

    private String passwordServedBy(TestDevice device) {
        ObjectNode answer = device.ok("get_secret", device.payload());
        assertThat(answer.get("records")).hasSize(1);
        byte[] recordKey = Aes256Gcm.decrypt(device.appKey,
                Base64s.decode(answer.get("records").get(0).get("recordKey").asText()));
        String data = record.decrypt(Base64s.decode(answer.get("records").get(0).get("data").asText()));
        assertThat(recordKey).isEqualTo(record.recordKey());
        return data.replaceAll(".*\"password\":\"([^\"]*)\".*", "$1");
    }

    private long reads() {
        return world.count("audit_events", "event_type = 'device_secrets_read'");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
