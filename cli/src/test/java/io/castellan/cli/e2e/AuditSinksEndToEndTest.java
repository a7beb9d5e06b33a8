package io.castellan.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castellan.cli.Cli;
import io.castellan.cli.Cli.Result;
import io.castellan.testkit.CanaryScanner;
import io.castellan.testkit.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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
 * SIEM sinks end to end: a real server process on SQLite, the real CLI, and real receivers written here (syslog over
 * TCP, over TLS with a CA made in the test, over UDP; the JDK's HTTP server as webhook and Splunk HEC; a file). Each
 * sink gets real events in its format; a syslog receiver that is down while events are written and the server
 * restarts gets all of them, in order, when it is back; bad input is refused naming the field; and the sinks' secrets
 * appear in no list, log, export or database file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class AuditSinksEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "admin@siem-e2e.example";
    private static final String PASSWORD = "siem e2e master password 8Kq2";
    private static final String HEC_TOKEN = "HecTokenCanary-5f1e9a77c2";
    private static final String WEBHOOK_AUTH = "Bearer WebhookAuthCanary-3d81b0";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;

    private Path config;
    private Path dataDir;
    private Path pw;
    private ServerProcess server;
    private final List<String> tcpMessages = new CopyOnWriteArrayList<>();
    private final List<String> tlsMessages = new CopyOnWriteArrayList<>();
    private SyslogStreamListener tcp;
    private SyslogStreamListener tls;
    private SyslogUdpListener udp;
    private HttpCollector http;
    private Path sinkFile;

    @BeforeAll
    void startServerAndReceivers() throws Exception {
        dataDir = dir.resolve("server/data");
        config = Files.createDirectories(dir.resolve("cli")).resolve("config.json");
        pw = Files.writeString(dir.resolve("admin.pw"), PASSWORD + "\n");
        Result created = Cli.run("server", "init-admin", "--data-dir", dataDir.toString(), "--email", ADMIN,
                "--password-file", pw.toString(), "--iterations", "100000");
        assertThat(created.exit()).as(created.err()).isZero();
        startServer();
        tcp = SyslogStreamListener.start(0, null, tcpMessages);
        TestCa ca = TestCa.create("127.0.0.1");
        tls = SyslogStreamListener.start(0, ca.serverContext(), tlsMessages);
        ca.writeCaPem(dir.resolve("syslog-ca.pem"));
        udp = new SyslogUdpListener();
        http = new HttpCollector();
        sinkFile = dir.resolve("sink/audit.jsonl");
        Files.createDirectories(sinkFile.getParent());
    }

    private void startServer() throws Exception {
        server = ServerProcess.builder(dataDir).listen("127.0.0.1", 0).logFile(dir.resolve("server.log"))
                .startTimeout(Duration.ofSeconds(120)).start();
        ok("login", ADMIN, "--server", server.url(), "--password-file", pw.toString());
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        for (AutoCloseable c : new AutoCloseable[] {tcp, tls, udp, http}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    @Order(1)
    void badInputIsRefusedNamingTheField() {
        assertRefused("type", "audit", "sink", "add", "bad1", "--type", "syslog-carrier-pigeon");
        assertRefused("port", "audit", "sink", "add", "bad2", "--type", "syslog-tcp", "--host", "127.0.0.1",
                "--port", "70000");
        assertRefused("path", "audit", "sink", "add", "bad3", "--type", "file", "--path", "relative/audit.jsonl");
        assertRefused("url", "audit", "sink", "add", "bad4", "--type", "webhook", "--url", "ftp://example.test/x");
        assertRefused("host", "audit", "sink", "add", "bad5", "--type", "syslog-udp");
        assertRefused("name", "audit", "sink", "add", "bad name!", "--type", "file", "--path", "/tmp/x.jsonl");
        assertRefused("eventTypes", "alert", "add", "bad6", "--event-type", "no_such_event");
        assertRefused("url", "alert", "add", "bad7", "--event-type", "folder_created", "--slack", "not a url");
        assertRefused("to", "alert", "add", "bad8", "--event-type", "folder_created", "--email", "not-an-address",
                "--smtp-host", "127.0.0.1", "--from", "castellan@example.test");
        assertThat(ok("audit", "sink", "list").out()).doesNotContain("bad");
    }

    private void assertRefused(String field, String... args) {
        Result r = run(args);
        assertThat(r.exit()).as("castellan %s: %s", String.join(" ", args), r.err()).isEqualTo(2);
        assertThat(r.err()).contains(field);
    }

    @Test
    @Order(2)
    void everySinkTypeReceivesRealEventsInItsFormat() throws Exception {
        ok("audit", "sink", "add", "tcp", "--type", "syslog-tcp", "--host", "127.0.0.1", "--port",
                Integer.toString(tcp.port()), "--facility", "auth");
        ok("audit", "sink", "add", "tls", "--type", "syslog-tls", "--host", "127.0.0.1", "--port",
                Integer.toString(tls.port()), "--tls-ca-file", dir.resolve("syslog-ca.pem").toString());
        ok("audit", "sink", "add", "udp", "--type", "syslog-udp", "--host", "127.0.0.1", "--port",
                Integer.toString(udp.port()));
        Path auth = Files.writeString(dir.resolve("webhook-auth.txt"), WEBHOOK_AUTH + "\n");
        ok("audit", "sink", "add", "hook", "--type", "webhook", "--url", http.url("/siem/ndjson"),
                "--authorization-file", auth.toString());
        Path token = Files.writeString(dir.resolve("hec-token.txt"), HEC_TOKEN + "\n");
        ok("audit", "sink", "add", "splunk", "--type", "splunk-hec", "--url", http.url("/hec"), "--token-file",
                token.toString());
        ok("audit", "sink", "add", "file", "--type", "file", "--path", sinkFile.toString());

        ok("mkdir", "-sf", "Siem-Ops");
        long seq = lastSeqOf("folder_created");

        await("syslog tcp", () -> syslogSeqs(tcpMessages).contains(seq));
        await("syslog tls", () -> syslogSeqs(tlsMessages).contains(seq));
        await("syslog udp", () -> syslogSeqs(udp.messages).contains(seq));
        await("webhook", () -> ndjsonSeqs(http.at("/siem/ndjson")).contains(seq));
        await("splunk hec", () -> hecSeqs(http.at("/hec")).contains(seq));
        await("file", () -> Files.exists(sinkFile) && fileSeqs().contains(seq));

        Rfc5424Message tcpMessage = messageOf(tcpMessages, seq);
        assertThat(tcpMessage.pri()).as("facility auth (4) * 8 + informational (6)").isEqualTo(38);
        assertThat(tcpMessage.appName()).isEqualTo("castellan");
        assertThat(tcpMessage.procId()).isEqualTo("-");
        assertThat(tcpMessage.msgId()).isEqualTo("folder_created");
        assertThat(tcpMessage.sdId()).isEqualTo("castellan@32473");
        assertThat(tcpMessage.params()).containsEntry("result", "success").containsKeys("eventUid", "actor",
                "subjects");
        assertThat(java.time.Instant.parse(tcpMessage.timestamp())).isNotNull();
        JsonNode body = JSON.readTree(tcpMessage.msg());
        assertThat(body.path("eventType").asText()).isEqualTo("folder_created");
        assertThat(body.path("eventUid").asText()).isEqualTo(tcpMessage.params().get("eventUid"));
        assertThat(messageOf(tlsMessages, seq).pri()).as("default facility local0 (16) * 8 + 6").isEqualTo(134);
        assertThat(messageOf(udp.messages, seq).msgId()).isEqualTo("folder_created");
        assertThat(udp.sizes).allMatch(size -> size <= 2048);

        for (List<Long> seqs : List.of(syslogSeqs(tcpMessages), syslogSeqs(tlsMessages), fileSeqs(),
                ndjsonSeqs(http.at("/siem/ndjson")), hecSeqs(http.at("/hec")))) {
            assertThat(seqs).as("in sequence order, without gaps").isSorted();
            assertThat(seqs.getLast() - seqs.getFirst() + 1).isEqualTo(seqs.size());
        }
        HttpCollector.Request webhook = http.at("/siem/ndjson").getFirst();
        assertThat(webhook.method()).isEqualTo("POST");
        assertThat(webhook.contentType()).isEqualTo("application/x-ndjson");
        assertThat(webhook.authorization()).isEqualTo(WEBHOOK_AUTH);
        HttpCollector.Request hec = http.at("/hec").getFirst();
        assertThat(hec.path()).isEqualTo("/hec/services/collector/event");
        assertThat(hec.authorization()).isEqualTo("Splunk " + HEC_TOKEN);
        JsonNode hecEvent = JSON.readerFor(JsonNode.class).<JsonNode>readValues(hec.body()).next();
        assertThat(hecEvent.path("sourcetype").asText()).isEqualTo("castellan:audit");
        assertThat(hecEvent.path("time").isNumber()).isTrue();
        assertThat(hecEvent.at("/event/type").asText()).isEqualTo("event");
        assertThat(Files.getPosixFilePermissions(sinkFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        assertThat(ok("audit", "sink", "test", "tcp").out()).contains("Delivered");
        await("the synthetic test event", () -> tcpMessages.stream().anyMatch(m -> m.contains(" audit_sink_test ")));

        JsonNode listed = json("audit", "sink", "list");
        assertThat(listed).hasSize(6);
        await("every sink caught up", () -> {
            for (JsonNode s : json("audit", "sink", "list")) {
                if (s.path("deliveredSeq").asLong() < seq || !s.path("lastError").isNull()) {
                    return false;
                }
            }
            return true;
        });
        assertThat(listed.findValuesAsText("secretsSet").toString()).isNotNull();
        assertThat(listed.toString()).contains("\"token\"", "\"authorization\"").doesNotContain(HEC_TOKEN,
                "WebhookAuthCanary");
    }

    @Test
    @Order(3)
    void aTlsSinkRefusesAServerItsCaDoesNotVouchFor() {
        ok("audit", "sink", "add", "tls-jdk-trust", "--type", "syslog-tls", "--host", "127.0.0.1", "--port",
                Integer.toString(tls.port()));
        Result test = run("audit", "sink", "test", "tls-jdk-trust");
        assertThat(test.exit()).as(test.err()).isEqualTo(8);
        assertThat(test.err()).contains("did not accept the test").containsIgnoringCase("certificat");
        ok("audit", "sink", "remove", "tls-jdk-trust");
        assertThat(ok("audit", "sink", "list").out()).doesNotContain("tls-jdk-trust");

        // the right CA, but the certificate names 127.0.0.1 only: a sink configured as "localhost" refuses it
        ok("audit", "sink", "add", "tls-wrong-name", "--type", "syslog-tls", "--host", "localhost", "--port",
                Integer.toString(tls.port()), "--tls-ca-file", dir.resolve("syslog-ca.pem").toString());
        Result wrongName = run("audit", "sink", "test", "tls-wrong-name");
        assertThat(wrongName.exit()).as(wrongName.err()).isEqualTo(8);
        assertThat(wrongName.err()).contains("did not accept the test").containsIgnoringCase("localhost");
        ok("audit", "sink", "remove", "tls-wrong-name");
    }

    @Test
    @Order(4)
    void aSinkDownAcrossARestartGetsEverythingInOrderWhenItReturns() throws Exception {
        long before = lastSeq();
        await("tcp caught up", () -> !syslogSeqs(tcpMessages).isEmpty()
                && syslogSeqs(tcpMessages).getLast() >= before);
        int port = tcp.port();
        tcp.stop();
        int received = tcpMessages.size();
        int n = 8;
        for (int i = 0; i < n; i++) {
            ok("mkdir", "-sf", "Down-" + i);
        }
        long written = lastSeqOf("folder_created");
        await("the failure recorded", () -> !sink("tcp").path("lastError").isNull());
        long deliveredBeforeRestart = sink("tcp").path("deliveredSeq").asLong();
        assertThat(deliveredBeforeRestart).isLessThan(written);

        server.close();
        startServer(); // the receiver is still down
        assertThat(sink("tcp").path("deliveredSeq").asLong()).as("the cursor persisted")
                .isEqualTo(deliveredBeforeRestart);
        assertThat(tcpMessages).hasSize(received);

        List<String> back = tcpMessages;
        tcp = SyslogStreamListener.start(port, null, back);
        await("every event written while down", () -> syslogSeqs(back).containsAll(range(before, written)));
        List<Long> after = syslogSeqs(back.subList(received, back.size()));
        List<Long> firstSeen = after.stream().distinct().toList();
        assertThat(firstSeen).as("in order").isSorted();
        assertThat(firstSeen.getFirst()).isEqualTo(deliveredBeforeRestart + 1);
        long duplicates = after.size() - firstSeen.size();
        System.out.printf("down-and-back: %d events re-delivered, %d duplicates%n", firstSeen.size(), duplicates);
        await("the error cleared", () -> sink("tcp").path("lastError").isNull());
    }

    @Test
    @Order(5)
    void secretsAppearInNoListLogExportOrDatabaseFile() throws Exception {
        Path export = dir.resolve("export.jsonl");
        ok("audit", "export", "--out", export.toString());
        CanaryScanner scanner = new CanaryScanner().add("hec-token", HEC_TOKEN).add("webhook-authorization",
                "WebhookAuthCanary-3d81b0");
        CanaryScanner.Report report = scanner.scanTree(dataDir).plus(scanner.scanFile(server.logFile()))
                .plus(scanner.scanFile(export))
                .plus(scanner.scan("sink list", ok("audit", "sink", "list").out()))
                .plus(scanner.scan("sink list json", json("audit", "sink", "list").toString()));
        assertThat(report.isClean()).as(report.describe()).isTrue();
        assertThat(Files.readString(export)).contains("audit_sink_added");
        assertThat(server.log()).as("failures are logged with their reason, and every sink could be read")
                .contains("audit delivery to sink tcp failed").doesNotContain("targets could not be read",
                        "cannot be read on this node");
    }

    // ---- helpers

    private JsonNode sink(String name) throws Exception {
        for (JsonNode s : json("audit", "sink", "list")) {
            if (s.path("name").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no sink " + name);
    }

    private static List<Long> range(long afterSeq, long toSeq) {
        List<Long> all = new ArrayList<>();
        for (long s = afterSeq + 1; s <= toSeq; s++) {
            all.add(s);
        }
        return all;
    }

    private long lastSeqOf(String eventType) throws Exception {
        JsonNode events = json("audit-report", "--event-type", eventType);
        return events.get(events.size() - 1).path("seq").asLong();
    }

    private long lastSeq() throws Exception {
        JsonNode events = json("audit-report", "--limit", "10000");
        return events.get(events.size() - 1).path("seq").asLong();
    }

    private static Rfc5424Message messageOf(List<String> messages, long seq) {
        return messages.stream().map(Rfc5424Message::parse).filter(m -> m.params().get("seq").equals(
                Long.toString(seq))).findFirst().orElseThrow();
    }

    /** The seq of each real event (not the synthetic test ones, sequence 0), in arrival order. */
    private static List<Long> syslogSeqs(List<String> messages) {
        return messages.stream().map(Rfc5424Message::parse).map(m -> Long.parseLong(m.params().get("seq")))
                .filter(s -> s > 0).toList();
    }

    private static List<Long> ndjsonSeqs(List<HttpCollector.Request> requests) throws Exception {
        List<Long> seqs = new ArrayList<>();
        for (HttpCollector.Request r : requests) {
            for (String line : r.body().split("\n")) {
                seqs.add(JSON.readTree(line).path("seq").asLong());
            }
        }
        return seqs.stream().filter(s -> s > 0).toList();
    }

    private static List<Long> hecSeqs(List<HttpCollector.Request> requests) throws Exception {
        List<Long> seqs = new ArrayList<>();
        for (HttpCollector.Request r : requests) {
            var values = JSON.readerFor(JsonNode.class).<JsonNode>readValues(r.body());
            while (values.hasNext()) {
                seqs.add(values.next().at("/event/seq").asLong());
            }
        }
        return seqs.stream().filter(s -> s > 0).toList();
    }

    private List<Long> fileSeqs() throws Exception {
        List<Long> seqs = new ArrayList<>();
        for (String line : Files.readAllLines(sinkFile)) {
            seqs.add(JSON.readTree(line).path("seq").asLong());
        }
        return seqs;
    }

    private static void await(String what, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        Eventually.await(what, WAIT, condition);
    }

    private Result run(String... args) {
        return ConfiguredCli.run(config, args);
    }

    private Result ok(String... args) {
        return ConfiguredCli.ok(config, args);
    }

    private JsonNode json(String... args) throws Exception {
        return ConfiguredCli.json(config, args);
    }
}
