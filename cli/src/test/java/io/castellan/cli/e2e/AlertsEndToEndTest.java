package io.castellan.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.castellan.cli.Cli;
import io.castellan.cli.Cli.Result;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.EcKeys;
import io.castellan.gateway.jobs.CommandSink;
import io.castellan.gateway.jobs.JobReporter;
import io.castellan.gateway.router.RouterClient;
import io.castellan.gateway.router.RouterClientSettings;
import io.castellan.model.gateway.Command;
import io.castellan.sdk.config.ClientConfig;
import io.castellan.sdk.config.ClientConfigCodec;
import io.castellan.sdk.transport.TlsTrust;
import io.castellan.testkit.CanaryScanner;
import io.castellan.testkit.ServerProcess;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
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
 * Alert rules end to end: a real server process, the real CLI, the JDK's HTTP server as webhook, Slack and Teams
 * receiver, GreenMail as the SMTP server, and a real gateway (RouterClient) whose disconnection fires the shipped
 * {@code gateway-offline} rule: first as an {@code ALERT} log line, then, pointed at a channel, to a webhook and by
 * e-mail. Filters that do not match send nothing; the channels' secret URLs appear in no list, log or export.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class AlertsEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "admin@alerts-e2e.example";
    private static final String PASSWORD = "alerts e2e master password 2Wv7";
    private static final String SLACK_KEY = "SlackUrlCanary-71c2e9d04b";
    private static final String TEAMS_KEY = "TeamsUrlCanary-0a9f3b6e1d";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;

    private Path config;
    private Path dataDir;
    private ServerProcess server;
    private HttpCollector http;
    private GreenMail mail;

    @BeforeAll
    void start() throws Exception {
        dataDir = dir.resolve("server/data");
        config = Files.createDirectories(dir.resolve("cli")).resolve("config.json");
        Path pw = Files.writeString(dir.resolve("admin.pw"), PASSWORD + "\n");
        Result created = Cli.run("server", "init-admin", "--data-dir", dataDir.toString(), "--email", ADMIN,
                "--password-file", pw.toString(), "--iterations", "100000");
        assertThat(created.exit()).as(created.err()).isZero();
        server = ServerProcess.builder(dataDir).listen("127.0.0.1", 0).logFile(dir.resolve("server.log"))
                .startTimeout(Duration.ofSeconds(120)).start();
        ok("login", ADMIN, "--server", server.url(), "--password-file", pw.toString());
        http = new HttpCollector();
        mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        if (http != null) {
            http.close();
        }
        if (mail != null) {
            mail.stop();
        }
    }

    @Test
    @Order(1)
    void theDefaultGatewayOfflineRuleShipsAndWritesAnAlertLine() throws Exception {
        JsonNode rules = json("alert", "list");
        assertThat(rules).hasSize(1);
        assertThat(rules.get(0).path("name").asText()).isEqualTo("gateway-offline");
        assertThat(rules.get(0).path("channel").asText()).isEqualTo("log");
        assertThat(rules.get(0).path("eventTypes").get(0).asText()).isEqualTo("gateway_offline");

        ok("secrets-manager", "app", "create", "ops");
        connectAndDisconnectGateway("gw-one");
        await("the ALERT log line", () -> server.log().lines().anyMatch(l -> l.contains("ALERT")
                && l.contains("'gateway-offline'") && l.contains("gateway_offline")));
    }

    @Test
    @Order(2)
    void rulesDeliverToWebhookSlackTeamsAndEmailAndFiltersHold() throws Exception {
        ok("alert", "add", "hook-folders", "--event-type", "folder_created", "--result", "success", "--webhook",
                http.url("/alert/hook"));
        ok("alert", "add", "never-matches", "--event-type", "folder_created", "--result", "failure", "--webhook",
                http.url("/alert/never"));
        Path slackUrl = Files.writeString(dir.resolve("slack.url"), http.url("/slack/T000/" + SLACK_KEY) + "\n");
        ok("alert", "add", "slack-folders", "--event-type", "folder_created", "--event-type", "record_created",
                "--slack", "file:" + slackUrl);
        ok("alert", "add", "teams-folders", "--event-type", "folder_created", "--teams",
                http.url("/teams/" + TEAMS_KEY));
        ok("alert", "add", "mail-folders", "--event-type", "folder_created", "--email", "secops@example.test",
                "--smtp-host", "127.0.0.1", "--smtp-port", Integer.toString(mail.getSmtp().getPort()),
                "--smtp-security", "none", "--from", "castellan@example.test");

        ok("mkdir", "-sf", "Alerted-Folder");
        JsonNode events = json("audit-report", "--event-type", "folder_created");
        long seq = events.get(events.size() - 1).path("seq").asLong();

        await("the webhook alert", () -> !http.at("/alert/hook").isEmpty());
        JsonNode hook = JSON.readTree(http.at("/alert/hook").getFirst().body());
        assertThat(hook.path("alert").asText()).isEqualTo("hook-folders");
        assertThat(hook.at("/events/0/eventType").asText()).isEqualTo("folder_created");
        assertThat(hook.at("/events/0/seq").asLong()).isEqualTo(seq);

        await("the Slack alert", () -> !http.at("/slack/").isEmpty());
        JsonNode slack = JSON.readTree(http.at("/slack/").getFirst().body());
        assertThat(slack.path("text").asText()).contains("slack-folders", "folder_created");
        assertThat(http.at("/slack/").getFirst().contentType()).startsWith("application/json");

        await("the Teams alert", () -> !http.at("/teams/").isEmpty());
        JsonNode teams = JSON.readTree(http.at("/teams/").getFirst().body());
        assertThat(teams.path("@type").asText()).isEqualTo("MessageCard");
        assertThat(teams.path("text").asText()).contains("folder_created");

        assertThat(mail.waitForIncomingEmail(WAIT.toMillis(), 1)).as("the alert e-mail").isTrue();
        MimeMessage email = mail.getReceivedMessages()[0];
        assertThat(email.getSubject()).contains("mail-folders", "folder_created");
        assertThat(Arrays.toString(email.getAllRecipients())).contains("secops@example.test");

        await("the non-matching rule passed the event", () -> rule("never-matches").path("deliveredSeq")
                .asLong() >= seq);
        assertThat(http.at("/alert/never")).as("a filter that does not match sends nothing").isEmpty();
        assertThat(ok("alert", "test", "hook-folders").out()).contains("Delivered");
        await("the test alert", () -> http.at("/alert/hook").stream().anyMatch(r -> r.body().contains(
                "audit_sink_test")));
        assertThat(json("audit-report", "--event-type", "alert_sent").size()).isGreaterThanOrEqualTo(4);

        ok("alert", "add", "flagged-rotations", "--event-type", "rotation_flagged", "--result", "failure");
        assertThat(rule("flagged-rotations").path("channel").asText()).as("the scheduler's event is alertable")
                .isEqualTo("log");
        ok("alert", "remove", "flagged-rotations");
        ok("alert", "remove", "never-matches");
        assertThat(ok("alert", "list").out()).doesNotContain("never-matches").contains("slack-folders");
    }

    @Test
    @Order(3)
    void theDefaultRulePointedAtAWebhookAndEmailFiresWhenARealGatewayDisconnects() throws Exception {
        ok("alert", "edit", "gateway-offline", "--event-type", "gateway_offline", "--webhook",
                http.url("/alert/gateway"));
        ok("alert", "add", "gateway-offline-mail", "--event-type", "gateway_offline", "--email",
                "oncall@example.test", "--smtp-host", "127.0.0.1", "--smtp-port",
                Integer.toString(mail.getSmtp().getPort()), "--smtp-security", "none", "--from",
                "castellan@example.test");
        int mailsBefore = mail.getReceivedMessages().length;
        connectAndDisconnectGateway("gw-two");
        await("the gateway-offline webhook", () -> !http.at("/alert/gateway").isEmpty());
        JsonNode alert = JSON.readTree(http.at("/alert/gateway").getFirst().body());
        assertThat(alert.path("alert").asText()).isEqualTo("gateway-offline");
        assertThat(alert.at("/events/0/eventType").asText()).isEqualTo("gateway_offline");
        assertThat(mail.waitForIncomingEmail(WAIT.toMillis(), mailsBefore + 1)).isTrue();
        assertThat(Arrays.stream(mail.getReceivedMessages()).anyMatch(m -> {
            try {
                return m.getSubject().contains("gateway-offline-mail") && m.getSubject().contains("gateway_offline");
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        })).isTrue();
    }

    @Test
    @Order(4)
    void channelSecretsAppearInNoListLogOrExport() throws Exception {
        Path export = dir.resolve("export.jsonl");
        ok("audit", "export", "--out", export.toString());
        String list = ok("alert", "list").out();
        String listJson = json("alert", "list").toString();
        assertThat(listJson).contains("\"url\""); // it is set ...
        CanaryScanner scanner = new CanaryScanner().add("slack-url-key", SLACK_KEY).add("teams-url-key", TEAMS_KEY);
        CanaryScanner.Report report = scanner.scanTree(dataDir).plus(scanner.scanFile(server.logFile()))
                .plus(scanner.scanFile(export)).plus(scanner.scan("alert list", list))
                .plus(scanner.scan("alert list json", listJson));
        assertThat(report.isClean()).as(report.describe()).isTrue(); // ... and never shown
    }

    /** Adds a gateway, connects it as a real RouterClient until the server sees it online, then disconnects. */
    private void connectAndDisconnectGateway(String name) throws Exception {
        int offlineBefore = json("audit-report", "--event-type", "gateway_offline").size();
        String b64 = ok("pam", "gateway", "new", "-n", name, "-a", "ops", "-c").out().strip();
        ClientConfig cfg = ClientConfigCodec.parse(new String(Base64s.decode(b64)));
        RouterClientSettings settings = new RouterClientSettings(URI.create(server.url()),
                TlsTrust.pinned(server.fingerprint()).sslContext(), cfg.require(ClientConfig.CLIENT_ID),
                EcKeys.privateKeyFromPkcs8(Base64s.decode(cfg.require(ClientConfig.PRIVATE_KEY))), "e2e/alerts",
                Instant.now(), List.of());
        try (RouterClient gateway = new RouterClient(settings, new IdleGateway())) {
            gateway.start();
            await("gateway " + name + " online", () -> ok("pam", "gateway", "list").out().contains("online"));
        }
        await("gateway " + name + " offline", () -> json("audit-report", "--event-type", "gateway_offline").size()
                > offlineBefore);
    }

    /** A gateway that is asked nothing in these tests. */
    private static final class IdleGateway implements CommandSink {
        @Override
        public void accept(Command command, JobReporter reporter) {
            throw new AssertionError("no job expected: " + command);
        }

        @Override
        public int runningJobs() {
            return 0;
        }
    }

    private JsonNode rule(String name) throws Exception {
        for (JsonNode r : json("alert", "list")) {
            if (r.path("name").asText().equals(name)) {
                return r;
            }
        }
        throw new AssertionError("no rule " + name);
    }

    private static void await(String what, Callable<Boolean> condition) throws Exception {
        Eventually.await(what, WAIT, condition);
    }

    private Result ok(String... args) {
        return ConfiguredCli.ok(config, args);
    }

    private JsonNode json(String... args) throws Exception {
        return ConfiguredCli.json(config, args);
    }
}
