package io.castellan.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.cli.Cli;
import io.castellan.cli.Cli.Result;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.EcKeys;
import io.castellan.model.error.ErrorCode;
import io.castellan.store.AuditChainHash;
import io.castellan.store.NewAuditEvent;
import io.castellan.testkit.ServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPublicKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit trail end to end: a real server process on SQLite, the real CLI. {@code audit verify} online and
 * {@code audit export} then {@code audit verify --file} offline against the pinned server key; an export tampered
 * each of the four ways (modified, deleted, inserted, reordered line) is refused naming the event, as is a forged key;
 * and a row changed in the server's own database is found by the online check.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AuditEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "admin@audit-e2e.example";
    private static final String PASSWORD = "audit e2e master password 4Zt9";

    @TempDir
    static Path dir;

    private Path config;
    private Path dataDir;
    private ServerProcess server;
    private Path export;
    private String serverKey;

    @BeforeAll
    void startServerAndAct() throws Exception {
        dataDir = dir.resolve("server/data");
        config = Files.createDirectories(dir.resolve("cli")).resolve("config.json");
        Path pw = Files.writeString(dir.resolve("admin.pw"), PASSWORD + "\n");
        Result created = Cli.run("server", "init-admin", "--data-dir", dataDir.toString(), "--email", ADMIN,
                "--password-file", pw.toString(), "--iterations", "100000");
        assertThat(created.exit()).as(created.err()).isZero();
        server = ServerProcess.builder(dataDir).listen("127.0.0.1", 0).logFile(dir.resolve("server.log"))
                .startTimeout(Duration.ofSeconds(120)).start();
        ok("login", ADMIN, "--server", server.url(), "--password-file", pw.toString());
        ok("mkdir", "-sf", "Ops");
        ok("record-add", "-rt", "login", "-t", "db", "--folder", "Ops", "login=root", "password=Sekr1t-Canary-77");
        ok("enterprise-user", "add", "bob@audit-e2e.example");
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void anUntouchedTrailVerifiesOnlineAndOffline() throws Exception {
        JsonNode online = json("audit", "verify");
        assertThat(online.path("intact").asBoolean()).isTrue();
        assertThat(online.path("events").asLong()).isGreaterThanOrEqualTo(5);
        serverKey = online.at("/serverKeys/0/publicKey").asText();
        assertThat(serverKey).isNotEmpty();

        export = dir.resolve("audit.jsonl");
        ok("audit", "export", "--out", export.toString());
        List<String> lines = Files.readAllLines(export);
        assertThat(lines).anyMatch(l -> l.contains("\"type\":\"checkpoint\""));
        assertThat(lines).anyMatch(l -> l.contains("\"eventType\":\"record_created\""));
        assertThat(lines).anyMatch(l -> l.contains("\"eventType\":\"audit_exported\""));
        assertThat(String.join("\n", lines)).as("never a secret in an export").doesNotContain("Sekr1t-Canary-77",
                PASSWORD);

        Result offline = ok("audit", "verify", "--file", export.toString(), "--server-public-key", serverKey);
        assertThat(offline.out()).contains("Intact:");
        Result unpinned = ok("audit", "verify", "--file", export.toString());
        assertThat(unpinned.err()).contains("no --server-public-key given");
    }

    @Test
    @Order(2)
    void aModifiedLineIsNamed() throws Exception {
        List<String> lines = events();
        String victim = lines.get(2);
        lines.set(2, victim.replace("\"result\":\"success\"", "\"result\":\"failure\""));
        assertThat(lines.get(2)).isNotEqualTo(victim);
        assertBroken(lines, "modified", uidOf(victim));
    }

    @Test
    @Order(3)
    void aDeletedLineIsNamed() throws Exception {
        List<String> lines = events();
        lines.remove(2);
        assertBroken(lines, "deleted", null);
    }

    @Test
    @Order(4)
    void anInsertedLineIsNamed() throws Exception {
        List<String> lines = events();
        JsonNode before = JSON.readTree(lines.get(2));
        long seq = before.path("seq").asLong() + 1;
        NewAuditEvent fake = new NewAuditEvent("forged-event-uid-000001", Instant.now(), "record_deleted",
                "mallory", Optional.empty(), List.of(), "success", "{}");
        ObjectNode line = JSON.createObjectNode().put("type", "event").put("seq", seq)
                .put("eventUid", fake.eventUid()).put("occurredAt", fake.occurredAt().toEpochMilli())
                .put("eventType", fake.eventType()).put("actor", fake.actor()).putNull("sourceIp");
        line.putArray("subjectUids");
        line.put("result", fake.result()).put("detailsJson", fake.detailsJson())
                .put("prevHash", before.path("hash").asText())
                .put("hash", AuditChainHash.of(seq, fake, before.path("hash").asText()));
        List<String> tampered = new ArrayList<>(lines.subList(0, 3));
        tampered.add(JSON.writeValueAsString(line));
        for (String later : lines.subList(3, lines.size())) { // renumbered, so the numbers look unbroken
            ObjectNode n = (ObjectNode) JSON.readTree(later);
            tampered.add(JSON.writeValueAsString(n.put("seq", n.path("seq").asLong() + 1)));
        }
        assertBroken(tampered, "inserted", "forged-event-uid-000001");
    }

    @Test
    @Order(5)
    void reorderedLinesAreNamed() throws Exception {
        List<String> lines = events();
        Collections.swap(lines, 2, 3);
        assertBroken(lines, "reordered", null);
    }

    @Test
    @Order(6)
    void aCheckpointUnderAnotherKeyIsRefused() throws Exception {
        String stranger = Base64s.encodeWebSafe(EcKeys.rawPublicKey((ECPublicKey) EcKeys.generateKeyPair()
                .getPublic()));
        Result r = run("audit", "verify", "--file", export.toString(), "--server-public-key", stranger);
        assertThat(r.exit()).isEqualTo(ErrorCode.STORE_CORRUPT.exitCode());
        assertThat(r.out()).contains("BROKEN (checkpoint_mismatch)", "not signed by a trusted server key");
    }

    @Test
    @Order(7)
    void aRowChangedInTheServersDatabaseIsFoundOnline() throws Exception {
        Path db;
        try (Stream<Path> files = Files.walk(dataDir)) {
            db = files.filter(p -> p.getFileName().toString().endsWith(".db")).findFirst().orElseThrow();
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 10000");
            assertThat(s.executeUpdate("UPDATE audit_events SET actor = 'mallory' WHERE seq = 2")).isEqualTo(1);
        }
        Result r = run("audit", "verify", "--format", "json");
        assertThat(r.exit()).as(r.err()).isEqualTo(ErrorCode.STORE_CORRUPT.exitCode());
        JsonNode answer = JSON.readTree(r.out());
        assertThat(answer.path("intact").asBoolean()).isFalse();
        assertThat(answer.at("/break/kind").asText()).isEqualTo("modified");
        assertThat(answer.at("/break/seq").asLong()).isEqualTo(2);
    }

    @Test
    @Order(8)
    void reportsFilterAndPrintAsJsonCsvAndTable() throws Exception {
        JsonNode created = json("audit-report", "--event-type", "record_created");
        assertThat(created).singleElement().satisfies(e -> assertThat(e.path("eventType").asText())
                .isEqualTo("record_created"));
        String recordUid = created.get(0).path("subjectUids").get(0).asText();
        JsonNode aboutRecord = json("audit-report", "--record", recordUid);
        assertThat(aboutRecord).isNotEmpty().allSatisfy(e -> assertThat(e.path("subjectUids").toString())
                .contains(recordUid));
        JsonNode byAdmin = json("audit-report", "--user", ADMIN, "--since", "2000-01-01");
        assertThat(byAdmin).extracting(e -> e.path("eventType").asText()).contains("login_succeeded",
                "user_invited", "audit_exported");
        assertThat(json("audit-report", "--until", "2000-01-01")).isEmpty();

        String csv = ok("audit-report", "--event-type", "user_invited", "--format", "csv").out();
        assertThat(csv).startsWith("\"Seq\",\"Time\",\"Event\"").contains("\"user_invited\"").contains("\r\n");
        assertThat(ok("audit-report", "--event-type", "user_invited").out()).contains("user_invited", "Seq");

        Result bad = run("audit-report", "--since", "yesterday");
        assertThat(bad.exit()).isEqualTo(ErrorCode.VALIDATION_FAILED.exitCode());
        assertThat(bad.err()).contains("--since must be an ISO-8601 instant");
    }

    /** The export's event lines (checkpoint lines dropped, so each tamper is judged by the chain alone). */
    private List<String> events() throws IOException {
        return new ArrayList<>(Files.readAllLines(export).stream().filter(l -> l.contains("\"type\":\"event\""))
                .toList());
    }

    private void assertBroken(List<String> lines, String kind, String eventUid) throws IOException {
        Path tampered = Files.write(dir.resolve("tampered-" + kind + ".jsonl"), lines);
        Result r = run("audit", "verify", "--file", tampered.toString(), "--server-public-key", serverKey,
                "--format", "json");
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(ErrorCode.STORE_CORRUPT.exitCode());
        JsonNode answer = JSON.readTree(r.out());
        assertThat(answer.path("intact").asBoolean()).isFalse();
        assertThat(answer.at("/break/kind").asText()).isEqualTo(kind);
        if (eventUid != null) {
            assertThat(answer.at("/break/eventUid").asText()).isEqualTo(eventUid);
        }
        assertThat(answer.at("/break/message").asText()).isNotBlank();
    }

    private static String uidOf(String line) throws IOException {
        return JSON.readTree(line).path("eventUid").asText();
    }

    private Result run(String... args) {
        return ConfiguredCli.run(config, args);
    }

    private Result ok(String... args) {
        return ConfiguredCli.ok(config, args);
    }

    private JsonNode json(String... args) throws IOException {
        return ConfiguredCli.json(config, args);
    }
}
