package io.castellan.server.pam;

import static io.castellan.server.pam.PamWorld.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.server.ServerConfig;
import io.castellan.server.TestApiClient.Reply;
import io.castellan.server.pam.PamWorld.Folder;
import io.castellan.server.pam.PamWorld.Rec;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PAM configuration and rotation commands through a real server process's encrypted user API, written once and
 * run on SQLite and PostgreSQL by two small subclasses.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class AbstractPamApiTest {

    @TempDir
    Path dataDir;

    PamWorld world;
    Folder folder;
    String gateway;
    Rec config;
    Rec machine;
    Rec pamUser;

    abstract ServerConfig.Builder database(ServerConfig.Builder builder);

    @BeforeEach
    void startWorld() throws Exception {
        world = PamWorld.start(dataDir, this::database);
        folder = world.sharedFolder(world.aliceSession, world.alice);
        gateway = world.gateway(world.aliceSession, world.alice, folder);
        config = world.recordIn(world.aliceSession, folder, "pamNetworkConfiguration");
        machine = world.recordIn(world.aliceSession, folder, "pamMachine");
        pamUser = world.recordIn(world.aliceSession, folder, "pamUser");
    }

    @AfterEach
    void stopWorld() {
        world.close();
    }

    ObjectNode configRequest() {
        ObjectNode request = json().put("uid", config.uid()).put("environment", "local").put("gatewayUid", gateway)
                .put("sharedFolderUid", folder.uid());
        request.putArray("features").add("rotation").add("tunneling").add("rotation");
        request.putObject("schedule").put("type", "DAILY").put("utcTime", "03:00").put("intervalCount", 1);
        request.putObject("portMapping").put("2222", "ssh").put("3390", "rdp");
        return request;
    }

    ObjectNode rotationRequest() {
        return json().put("recordUid", pamUser.uid()).put("resourceUid", machine.uid()).put("configUid", config.uid())
                .put("settings", PamWorld.settingsBlob(pamUser));
    }

    Reply call(String session, String command, ObjectNode request) {
        return world.client.call(command, session, request);
    }

    static void assertRefused(Reply reply, int status, String error, String field) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.error()).as(reply.toString()).isEqualTo(error);
        if (field != null) {
            assertThat(reply.json().path("field").asText()).as(reply.toString()).isEqualTo(field);
        }
    }

    @Test
    void configurationsAreAddedListedAndEdited() {
        ObjectNode added = world.client.ok("pam_config_add", world.aliceSession, configRequest());
        assertThat(added.get("uid").asText()).isEqualTo(config.uid());
        assertThat(added.get("gatewayUid").asText()).isEqualTo(gateway);
        assertThat(added.get("features")).extracting(JsonNode::asText).containsExactly("rotation", "tunneling");
        assertThat(added.get("schedule").get("type").asText()).isEqualTo("DAILY");
        assertThat(added.get("portMapping").toString()).isEqualTo("{\"2222\":\"ssh\",\"3390\":\"rdp\"}");
        assertThat(world.auditEvents(PamAuditEvents.PAM_CONFIG_ADDED)).isEqualTo(1);

        JsonNode listed = world.client.ok("pam_config_list", world.aliceSession, json()).get("configurations");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("environment").asText()).isEqualTo("local");
        assertThat(world.client.ok("pam_config_list", world.bobSession, json()).get("configurations")).isEmpty();

        ObjectNode edit = json().put("uid", config.uid()).put("environment", "aws");
        edit.putArray("features").add("connections").add("text_recording");
        edit.putObject("schedule").put("type", "ON_DEMAND");
        ObjectNode edited = world.client.ok("pam_config_edit", world.aliceSession, edit);
        assertThat(edited.get("environment").asText()).isEqualTo("aws");
        assertThat(edited.get("features")).extracting(JsonNode::asText).containsExactly("connections",
                "text_recording");
        assertThat(edited.get("schedule").isNull()).isTrue();
        assertThat(edited.get("portMapping").size()).isEqualTo(2);
        assertThat(world.auditEvents(PamAuditEvents.PAM_CONFIG_CHANGED)).isEqualTo(1);

        assertRefused(call(world.aliceSession, "pam_config_add", configRequest()), 409, "conflict", "uid");
    }

    @Test
    void badConfigurationsAreRefusedNamingTheProblem() {
        assertRefused(call(world.aliceSession, "pam_config_add", configRequest().put("environment", "gcp")), 400,
                "validation_failed", "environment");
        ObjectNode unknownFeature = configRequest();
        unknownFeature.putArray("features").add("teleport");
        assertRefused(call(world.aliceSession, "pam_config_add", unknownFeature), 400, "validation_failed",
                "features");
        ObjectNode badPort = configRequest();
        badPort.putObject("portMapping").put("70000", "ssh");
        assertRefused(call(world.aliceSession, "pam_config_add", badPort), 400, "validation_failed", "portMapping");
        ObjectNode badSchedule = configRequest();
        badSchedule.putObject("schedule").put("type", "SOMETIMES");
        assertRefused(call(world.aliceSession, "pam_config_add", badSchedule), 400, "validation_failed", "schedule");
        assertRefused(call(world.aliceSession, "pam_config_add", configRequest().put("gatewayUid", "gw")), 400,
                "bad_request", "gatewayUid");
        String strangerGateway = io.castellan.crypto.DeviceIds.clientId(io.castellan.crypto.CastellanRandom.bytes(32));
        assertRefused(call(world.aliceSession, "pam_config_add", configRequest().put("gatewayUid", strangerGateway)),
                404, "not_found", "gatewayUid");
        String ungranted = world.gateway(world.aliceSession, world.alice, null);
        assertRefused(call(world.aliceSession, "pam_config_add", configRequest().put("gatewayUid", ungranted)), 400,
                "validation_failed", "sharedFolderUid");
        Rec outside = world.recordOutside(world.aliceSession, world.alice, "pamNetworkConfiguration");
        assertRefused(call(world.aliceSession, "pam_config_add", configRequest().put("uid", outside.uid())), 400,
                "validation_failed", "sharedFolderUid");
        ObjectNode noFeatures = configRequest();
        noFeatures.remove(java.util.List.of("features", "portMapping")); // those need policies bob lacks
        assertRefused(call(world.bobSession, "pam_config_add", noFeatures), 404, "not_found", "uid");
        assertRefused(call(world.aliceSession, "pam_config_edit", json().put("uid", machine.uid())), 404,
                "not_found", "uid");
        assertThat(world.client.ok("pam_config_list", world.aliceSession, json()).get("configurations")).isEmpty();
        assertThat(world.auditEvents(PamAuditEvents.PAM_CONFIG_ADDED)).isZero();
    }

    @Test
    void viewersMayNotChangeConfigurationsOrRotationSettings() {
        world.client.ok("pam_config_add", world.aliceSession, configRequest());
        world.addMember(folder, world.bob, false);
        world.grantPolicy(world.bob, "Rotators", "ALLOW_CONFIGURE_ROTATION_SETTINGS");
        assertThat(world.client.ok("pam_config_list", world.bobSession, json()).get("configurations")).hasSize(1);
        assertRefused(call(world.bobSession, "pam_config_edit", json().put("uid", config.uid())
                .put("environment", "aws")), 403, "forbidden", "uid");
        assertRefused(call(world.bobSession, "rotation_set", rotationRequest()), 403, "forbidden", "recordUid");
        assertRefused(call(world.bobSession, "rotate", json().put("recordUid", pamUser.uid())), 403, "forbidden",
                null);
    }

    @Test
    void rotationSettingsAreSetListedAndShown() {
        world.client.ok("pam_config_add", world.aliceSession, configRequest());
        ObjectNode first = rotationRequest().put("noop", true);
        ObjectNode set = world.client.ok("rotation_set", world.aliceSession, first);
        assertThat(set.get("rotationType").asText()).isEqualTo("general");
        assertThat(set.get("schedule").get("type").asText()).as("the configuration's default").isEqualTo("DAILY");
        assertThat(set.get("noop").asBoolean()).isTrue();
        assertThat(set.get("enabled").asBoolean()).isTrue();
        assertThat(set.get("settings").asText()).isEqualTo(first.get("settings").asText());

        ObjectNode again = world.client.ok("rotation_set", world.aliceSession, rotationRequest()
                .put("rotationType", "scripts_only").put("onDemand", true).put("enabled", false));
        assertThat(again.get("schedule").isNull()).isTrue();
        assertThat(again.get("noop").asBoolean()).as("kept").isTrue();
        assertThat(again.get("enabled").asBoolean()).isFalse();
        assertThat(world.auditEvents(PamAuditEvents.ROTATION_SETTINGS_CHANGED)).isEqualTo(2);

        ObjectNode info = world.client.ok("rotation_info", world.aliceSession, json().put("uid", pamUser.uid()));
        assertThat(info.get("gatewayUid").asText()).isEqualTo(gateway);
        assertThat(info.get("features")).extracting(JsonNode::asText).contains("rotation");
        byte[] blob = io.castellan.crypto.Base64s.decode(info.get("settings").asText());
        assertThat(new String(io.castellan.crypto.Aes256Gcm.decrypt(pamUser.recordKey(), blob),
                java.nio.charset.StandardCharsets.UTF_8)).contains("\"length\":32");
        assertThat(world.client.ok("rotation_list", world.aliceSession, json()).get("rotations")).hasSize(1);
        assertThat(world.client.ok("rotation_list", world.bobSession, json()).get("rotations")).isEmpty();
        assertRefused(call(world.bobSession, "rotation_info", json().put("uid", pamUser.uid())), 404, "not_found",
                "uid");
        assertRefused(call(world.aliceSession, "rotation_info", json().put("uid", machine.uid())), 404, "not_found",
                null);
    }

    @Test
    void aScheduleGetsANextRunAndABadCronFieldIsNamed() {
        world.client.ok("pam_config_add", world.aliceSession, configRequest());
        ObjectNode cron = rotationRequest();
        cron.putObject("schedule").put("type", "CRON").put("cron", "0 56 17 * * ?").put("tz", "Europe/Berlin");
        ObjectNode set = world.client.ok("rotation_set", world.aliceSession, cron);
        long next = set.get("nextRunAt").asLong();
        java.time.ZonedDateTime local = java.time.Instant.ofEpochMilli(next).atZone(java.time.ZoneId.of(
                "Europe/Berlin"));
        assertThat(local.getHour()).isEqualTo(17);
        assertThat(local.getMinute()).isEqualTo(56);
        assertThat(next).isGreaterThan(System.currentTimeMillis())
                .isLessThanOrEqualTo(System.currentTimeMillis() + 86_400_000L + 3_600_000L);
        JsonNode listed = world.client.ok("rotation_list", world.aliceSession, json()).get("rotations").get(0);
        assertThat(listed.get("nextRunAt").asLong()).isEqualTo(next);
        assertThat(listed.get("consecutiveFailures").asInt()).isZero();
        assertThat(listed.get("flaggedAt").isNull()).isTrue();

        ObjectNode bad = rotationRequest();
        bad.putObject("schedule").put("type", "CRON").put("cron", "0 61 17 * * ?");
        Reply refused = call(world.aliceSession, "rotation_set", bad);
        assertRefused(refused, 400, "validation_failed", "schedule.cron");
        assertThat(refused.toString()).contains("field 2 (minute)");
        ObjectNode zone = rotationRequest();
        zone.putObject("schedule").put("type", "DAILY").put("time", "03:00").put("tz", "Nowhere/Atlantis");
        assertRefused(call(world.aliceSession, "rotation_set", zone), 400, "validation_failed", "schedule.tz");

        ObjectNode onDemand = world.client.ok("rotation_set", world.aliceSession, rotationRequest()
                .put("onDemand", true));
        assertThat(onDemand.get("nextRunAt").isNull()).isTrue();
    }

    @Test
    void theServersSchedulerRunsADueRotationAndCountsAFailedSubmission() throws InterruptedException {
        world.client.ok("pam_config_add", world.aliceSession, configRequest());
        java.time.ZonedDateTime soon = world.api.clock.instant().plusSeconds(60).truncatedTo(
                java.time.temporal.ChronoUnit.SECONDS).atZone(java.time.ZoneOffset.UTC);
        ObjectNode once = rotationRequest();
        once.putObject("schedule").put("type", "RUN_ONCE").put("date", soon.toLocalDate().toString())
                .put("utcTime", soon.toLocalTime().toString());
        assertThat(world.client.ok("rotation_set", world.aliceSession, once).get("nextRunAt").asLong())
                .isEqualTo(soon.toInstant().toEpochMilli());
        // The configuration's gateway is a plain Secrets Manager client the Router does not know: the scheduler's
        // submission fails, which counts as a failure and is retried after the backoff (a minute by default).
        world.api.clock.advance(java.time.Duration.ofSeconds(61)); // the server's clock: now it is due
        JsonNode info = null;
        for (int i = 0; i < 100; i++) {
            info = world.client.ok("rotation_info", world.aliceSession, json().put("uid", pamUser.uid()));
            if (info.get("consecutiveFailures").asInt() > 0) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(info.get("consecutiveFailures").asInt()).as(info.toString()).isEqualTo(1);
        assertThat(info.get("flaggedAt").isNull()).isTrue();
        assertThat(info.get("nextRunAt").asLong()).as("retried after the backoff")
                .isGreaterThan(soon.toInstant().plusSeconds(50).toEpochMilli());
    }

    @Test
    void rotationSettingsAreRefusedWhenTheConfigurationDisallowsOrTheResourceIsElsewhere() {
        ObjectNode noRotation = configRequest();
        noRotation.putArray("features").add("tunneling");
        world.client.ok("pam_config_add", world.aliceSession, noRotation);
        Reply refused = call(world.aliceSession, "rotation_set", rotationRequest());
        assertRefused(refused, 403, "forbidden", null);
        assertThat(refused.json().path("feature").asText()).isEqualTo("rotation");

        ObjectNode allow = json().put("uid", config.uid());
        allow.putArray("features").add("rotation");
        world.client.ok("pam_config_edit", world.aliceSession, allow);
        Rec elsewhere = world.recordOutside(world.aliceSession, world.alice, "pamMachine");
        assertRefused(call(world.aliceSession, "rotation_set", rotationRequest().put("resourceUid", elsewhere.uid())),
                400, "validation_failed", "resourceUid");
        assertRefused(call(world.aliceSession, "rotation_set", rotationRequest().put("resourceUid", pamUser.uid())),
                400, "validation_failed", "resourceUid");
        assertRefused(call(world.aliceSession, "rotation_set", rotationRequest().put("configUid", machine.uid())),
                404, "not_found", "configUid");
        assertRefused(call(world.aliceSession, "rotation_set", rotationRequest().put("rotationType", "magic")), 400,
                "validation_failed", "rotationType");
        assertRefused(call(world.aliceSession, "rotation_set", rotationRequest().put("settings", "AAAA")), 400,
                "bad_request", "settings");
        ObjectNode both = rotationRequest().put("onDemand", true);
        both.putObject("schedule").put("type", "DAILY");
        assertRefused(call(world.aliceSession, "rotation_set", both), 400, "validation_failed", "onDemand");
        assertRefused(call(world.aliceSession, "rotation_set", rotationRequest().without("configUid")), 400,
                "bad_request", "configUid");
        assertThat(world.auditEvents(PamAuditEvents.ROTATION_SETTINGS_CHANGED)).isZero();

        world.addMember(folder, world.bob, true);
        Reply noPolicy = call(world.bobSession, "rotation_set", rotationRequest());
        assertRefused(noPolicy, 403, "forbidden", null);
        assertThat(noPolicy.json().path("policy").asText()).isEqualTo("ALLOW_CONFIGURE_ROTATION_SETTINGS");
    }

    @Test
    void rotateValidatesAndRefusesAGatewayTheRouterDoesNotKnow() {
        world.client.ok("pam_config_add", world.aliceSession, configRequest());
        ObjectNode rotate = json().put("recordUid", pamUser.uid());
        assertRefused(call(world.aliceSession, "rotate", rotate), 404, "not_found", null);
        world.client.ok("rotation_set", world.aliceSession, rotationRequest().put("enabled", false));
        assertRefused(call(world.aliceSession, "rotate", rotate), 400, "validation_failed", "recordUid");
        world.client.ok("rotation_set", world.aliceSession, rotationRequest().put("enabled", true));

        // The world's gateway is a Secrets Manager client of kind gateway, never added with 'pam gateway new', so the
        // Router has no gateway row for it: refused, naming the fix, and nothing is audited or queued.
        Reply unknown = call(world.aliceSession, "rotate", rotate);
        assertRefused(unknown, 404, "not_found", null);
        assertThat(unknown.json().path("message").asText()).contains("pam gateway new");
        assertThat(world.auditEvents(PamAuditEvents.ROTATION_REQUESTED)).isZero();

        ObjectNode disallow = json().put("uid", config.uid());
        disallow.putArray("features").add("connections");
        world.client.ok("pam_config_edit", world.aliceSession, disallow);
        Reply forbidden = call(world.aliceSession, "rotate", rotate);
        assertRefused(forbidden, 403, "forbidden", null);
        assertThat(forbidden.json().path("feature").asText()).isEqualTo("rotation");

        world.addMember(folder, world.bob, true);
        Reply noPolicy = call(world.bobSession, "rotate", rotate);
        assertRefused(noPolicy, 403, "forbidden", null);
        assertThat(noPolicy.json().path("policy").asText()).isEqualTo("ALLOW_ROTATE_CREDENTIALS");
        assertRefused(call(world.aliceSession, "rotate", json().put("recordUid", "nope")), 400, "bad_request",
                "recordUid");
    }

    @Test
    void hostileValuesInEveryFieldAreRefusedWithoutAServerError() {
        world.client.ok("pam_config_add", world.aliceSession, configRequest());
        world.client.ok("rotation_set", world.aliceSession, rotationRequest());
        java.util.Map<String, ObjectNode> valid = new java.util.LinkedHashMap<>();
        valid.put("pam_config_add", configRequest());
        valid.put("pam_config_edit", configRequest());
        valid.put("rotation_set", rotationRequest());
        valid.put("rotation_info", json().put("uid", pamUser.uid()));
        valid.put("rotate", json().put("recordUid", pamUser.uid()));
        com.fasterxml.jackson.databind.node.JsonNodeFactory nodes =
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
        java.util.List<JsonNode> hostile = java.util.List.of(nodes.numberNode(-1), nodes.numberNode(1e308),
                nodes.booleanNode(true), nodes.textNode(""), nodes.textNode("x".repeat(100_000)),
                nodes.textNode("\u0000\u202e<script>"), nodes.arrayNode().add(nodes.objectNode()),
                nodes.objectNode().set("type", nodes.objectNode()), nodes.objectNode().put("99999", "ssh"));
        for (var command : valid.entrySet()) {
            java.util.List<String> fields = new java.util.ArrayList<>();
            command.getValue().fieldNames().forEachRemaining(fields::add);
            for (String field : fields) {
                for (JsonNode value : hostile) {
                    ObjectNode request = command.getValue().deepCopy();
                    request.set(field, value);
                    Reply reply = call(world.aliceSession, command.getKey(), request);
                    assertThat(reply.status()).as(command.getKey() + " " + field + " " + reply)
                            .isIn(400, 403, 404, 409, 503);
                    if (reply.status() == 400) {
                        assertThat(reply.json().path("field").asText()).as(command.getKey() + " " + reply)
                                .isEqualTo(field);
                    }
                }
            }
        }
        assertThat(world.client.ok("rotation_info", world.aliceSession, json().put("uid", pamUser.uid()))
                .get("resourceUid").asText()).isEqualTo(machine.uid());
    }
}
