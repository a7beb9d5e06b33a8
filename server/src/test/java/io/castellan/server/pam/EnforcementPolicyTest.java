package io.castellan.server.pam;

import static io.castellan.server.pam.PamWorld.b64;
import static io.castellan.server.pam.PamWorld.json;
import static io.castellan.server.pam.PamWorld.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.CastellanRandom;
import io.castellan.crypto.DeviceIds;
import io.castellan.crypto.Uids;
import io.castellan.server.TestAccount;
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
 * One test per enforcement policy that governs an operation (docs/access-control.md): through a real server's
 * encrypted user API, bob (no administrator) is refused without the policy — {@code 403 forbidden} whose detail and
 * message name it — and the same call goes through once a role gives it to him. Alice, the administrator, needs no
 * role: she builds the world with every operation. {@code REQUIRE_TWO_FACTOR} is a sign-in rule, tested by
 * {@code TotpTest}; the policies of features not built yet have no operation to test.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EnforcementPolicyTest {

    @TempDir
    Path dataDir;

    PamWorld world;
    Folder folder;
    String gateway;
    Rec config;
    Rec machine;
    Rec pamUser;

    @BeforeEach
    void startWorld() throws Exception {
        world = PamWorld.start(dataDir, b -> b);
        folder = world.sharedFolder(world.aliceSession, world.alice);
        gateway = routerGateway(world.aliceSession, world.alice, folder, "gw-alice");
        config = world.recordIn(world.aliceSession, folder, "pamNetworkConfiguration");
        machine = world.recordIn(world.aliceSession, folder, "pamMachine");
        pamUser = world.recordIn(world.aliceSession, folder, "pamUser");
        ObjectNode request = json().put("uid", config.uid()).put("environment", "local").put("gatewayUid", gateway)
                .put("sharedFolderUid", folder.uid());
        request.putArray("features").add("rotation").add("tunneling");
        request.putObject("portMapping").put("2222", "ssh");
        world.client.ok("pam_config_add", world.aliceSession, request);
        world.addMember(folder, world.bob, true);
    }

    @AfterEach
    void stopWorld() {
        world.close();
    }

    @Test
    void allowSecretsManagerGovernsApplications() {
        ObjectNode create = appCreate(world.bob, Uids.newUid(), CastellanRandom.bytes(32));
        assertMissing(call("app_create", create), "ALLOW_SECRETS_MANAGER");
        assertMissing(call("app_list", json()), "ALLOW_SECRETS_MANAGER");
        world.grantPolicy(world.bob, "Developers", "ALLOW_SECRETS_MANAGER");
        world.client.ok("app_create", world.bobSession, create);
        assertThat(world.client.ok("app_list", world.bobSession, json()).get("apps")).hasSize(1);
    }

    @Test
    void allowPamGatewayGovernsGateways() {
        world.grantPolicy(world.bob, "Developers", "ALLOW_SECRETS_MANAGER");
        assertMissing(call("gateway_list", json()), "ALLOW_PAM_GATEWAY");
        Reply refused = call("gateway_add", bobGatewayRequest("gw-bob"));
        assertMissing(refused, "ALLOW_PAM_GATEWAY");
        world.grantPolicy(world.bob, "Gateway admins", "ALLOW_PAM_GATEWAY");
        String uid = world.client.ok("gateway_add", world.bobSession, bobGatewayRequest("gw-bob"))
                .get("gatewayUid").asText();
        assertThat(world.client.ok("gateway_list", world.bobSession, json()).get("gateways"))
                .anySatisfy(g -> assertThat(g.get("uid").asText()).isEqualTo(uid));
    }

    @Test
    void allowConfigureRotationSettingsGovernsRotationSettings() {
        assertMissing(call("rotation_set", rotationRequest()), "ALLOW_CONFIGURE_ROTATION_SETTINGS");
        ObjectNode clearRotation = json().put("uid", config.uid());
        clearRotation.putArray("features").add("tunneling");
        assertMissing(call("pam_config_edit", clearRotation), "ALLOW_CONFIGURE_ROTATION_SETTINGS");
        world.grantPolicy(world.bob, "Rotation admins", "ALLOW_CONFIGURE_ROTATION_SETTINGS");
        world.client.ok("rotation_set", world.bobSession, rotationRequest());
        assertThat(world.client.ok("pam_config_edit", world.bobSession, clearRotation).get("features"))
                .extracting(f -> f.asText()).containsExactly("tunneling");
    }

    @Test
    void allowRotateCredentialsGovernsRotateOnDemand() {
        world.client.ok("rotation_set", world.aliceSession, rotationRequest());
        ObjectNode rotate = json().put("recordUid", pamUser.uid());
        assertMissing(call("rotate", rotate), "ALLOW_ROTATE_CREDENTIALS");
        world.grantPolicy(world.bob, "Rotators", "ALLOW_ROTATE_CREDENTIALS");
        assertPassedToTheGateway(call("rotate", rotate));
    }

    /** Keeper's legacy name: it stands for both rotation rights. */
    @Test
    void allowPamRotationIsTheLegacyNameOfBothRotationRights() {
        ObjectNode rotate = json().put("recordUid", pamUser.uid());
        assertMissing(call("rotation_set", rotationRequest()), "ALLOW_CONFIGURE_ROTATION_SETTINGS");
        assertMissing(call("rotate", rotate), "ALLOW_ROTATE_CREDENTIALS");
        world.grantPolicy(world.bob, "Legacy rotators", "ALLOW_PAM_ROTATION");
        world.client.ok("rotation_set", world.bobSession, rotationRequest());
        assertPassedToTheGateway(call("rotate", rotate));
    }

    @Test
    void allowConfigurePamTunnelingSettingsGovernsTheTunnelingFeatureAndPortMapping() {
        ObjectNode clearTunneling = json().put("uid", config.uid());
        clearTunneling.putArray("features").add("rotation");
        ObjectNode ports = json().put("uid", config.uid());
        ports.putObject("portMapping").put("5432", "postgresql");
        assertMissing(call("pam_config_edit", clearTunneling), "ALLOW_CONFIGURE_PAM_TUNNELING_SETTINGS");
        assertMissing(call("pam_config_edit", ports), "ALLOW_CONFIGURE_PAM_TUNNELING_SETTINGS");
        // a change that touches no governed setting needs no policy
        world.client.ok("pam_config_edit", world.bobSession, json().put("uid", config.uid()).put("environment", "aws"));
        world.grantPolicy(world.bob, "Tunnel admins", "ALLOW_CONFIGURE_PAM_TUNNELING_SETTINGS");
        assertThat(world.client.ok("pam_config_edit", world.bobSession, clearTunneling).get("features"))
                .extracting(f -> f.asText()).containsExactly("rotation");
        world.client.ok("pam_config_edit", world.bobSession, ports);
    }

    @Test
    void allowConfigurePamCloudConnectionSettingsGovernsConnectionsAndRecordings() {
        ObjectNode connections = features("rotation", "tunneling", "connections");
        ObjectNode recording = features("rotation", "tunneling", "graphical_recording");
        assertMissing(call("pam_config_edit", connections), "ALLOW_CONFIGURE_PAM_CLOUD_CONNECTION_SETTINGS");
        assertMissing(call("pam_config_edit", recording), "ALLOW_CONFIGURE_PAM_CLOUD_CONNECTION_SETTINGS");
        world.grantPolicy(world.bob, "Connection admins", "ALLOW_CONFIGURE_PAM_CLOUD_CONNECTION_SETTINGS");
        world.client.ok("pam_config_edit", world.bobSession, connections);
        assertThat(world.client.ok("pam_config_edit", world.bobSession, recording).get("features"))
                .extracting(f -> f.asText()).contains("graphical_recording");
    }

    @Test
    void allowConfigureRbiGovernsRemoteBrowserIsolation() {
        ObjectNode rbi = features("rotation", "tunneling", "remote_browser_isolation");
        assertMissing(call("pam_config_edit", rbi), "ALLOW_CONFIGURE_RBI");
        world.grantPolicy(world.bob, "RBI admins", "ALLOW_CONFIGURE_RBI");
        assertThat(world.client.ok("pam_config_edit", world.bobSession, rbi).get("features"))
                .extracting(f -> f.asText()).contains("remote_browser_isolation");
    }

    @Test
    void allowLaunchPamTunnelsGovernsOpeningTunnels() {
        ObjectNode open = json().put("recordUid", machine.uid());
        // tunneling is off on a record until enabled (tunnel_edit); alice, an administrator, turns it on
        world.client.ok("tunnel_edit", world.aliceSession, json().put("recordUid", machine.uid()).put("tunneling",
                true));
        assertMissing(call("tunnel_open", open), "ALLOW_LAUNCH_PAM_TUNNELS");
        world.grantPolicy(world.bob, "Tunnel users", "ALLOW_LAUNCH_PAM_TUNNELS");
        assertPassedToTheGateway(call("tunnel_open", open));
        assertThat(world.auditEvents("tunnel_refused")).as("both refusals are audited").isEqualTo(2);
    }

    private ObjectNode features(String... names) {
        ObjectNode request = json().put("uid", config.uid());
        for (String n : names) {
            request.withArray("features").add(n);
        }
        return request;
    }

    private ObjectNode rotationRequest() {
        return json().put("recordUid", pamUser.uid()).put("resourceUid", machine.uid()).put("configUid", config.uid())
                .put("settings", PamWorld.settingsBlob(pamUser));
    }

    private Reply call(String command, ObjectNode request) {
        return world.client.call(command, world.bobSession, request);
    }

    /**
     * The call passed every access check and reached the gateway, which is offline in this world (no gateway process
     * runs here; RotationEndToEndTest and TunnelRevocationEndToEndTest run real ones).
     */
    private static void assertPassedToTheGateway(Reply reply) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(503);
        assertThat(reply.error()).as(reply.toString()).isEqualTo("gateway_offline");
    }

    private static void assertMissing(Reply reply, String policy) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(403);
        assertThat(reply.error()).as(reply.toString()).isEqualTo("forbidden");
        assertThat(reply.json().path("policy").asText()).as(reply.toString()).isEqualTo(policy);
        assertThat(reply.json().path("message").asText()).contains(policy);
    }

    private static ObjectNode appCreate(TestAccount owner, String uid, byte[] appKey) {
        return json().put("uid", uid)
                .put("data", b64(Aes256Gcm.encrypt(appKey, utf8("{\"title\":\"gw\",\"type\":\"app\"}"))))
                .put("appKey", b64(Aes256Gcm.encrypt(owner.dataKey, appKey)));
    }

    private String bobAppUid;
    private byte[] bobAppKey;

    /** A gateway request for an application bob owns (made once; needs ALLOW_SECRETS_MANAGER). */
    private ObjectNode bobGatewayRequest(String name) {
        if (bobAppUid == null) {
            bobAppUid = Uids.newUid();
            bobAppKey = CastellanRandom.bytes(32);
            world.client.ok("app_create", world.bobSession, appCreate(world.bob, bobAppUid, bobAppKey));
        }
        byte[] clientKey = CastellanRandom.bytes(32);
        return json().put("appUid", bobAppUid).put("clientId", DeviceIds.clientId(clientKey))
                .put("encryptedAppKey", b64(Aes256Gcm.encrypt(clientKey, bobAppKey))).put("name", name)
                .put("lockIp", false);
    }

    /** A gateway made with gateway_add (so the Router knows it) of an application granted {@code granted}. */
    private String routerGateway(String session, TestAccount owner, Folder granted, String name) {
        String appUid = Uids.newUid();
        byte[] appKey = CastellanRandom.bytes(32);
        world.client.ok("app_create", session, appCreate(owner, appUid, appKey));
        world.client.ok("app_grant_add", session, json().put("appUid", appUid).put("subjectUid", granted.uid())
                .put("kind", "folder").put("key", b64(Aes256Gcm.encrypt(appKey, granted.folderKey())))
                .put("editable", true));
        byte[] clientKey = CastellanRandom.bytes(32);
        String clientId = DeviceIds.clientId(clientKey);
        world.client.ok("gateway_add", session, json().put("appUid", appUid).put("clientId", clientId)
                .put("encryptedAppKey", b64(Aes256Gcm.encrypt(clientKey, appKey))).put("name", name)
                .put("lockIp", false));
        return clientId;
    }
}
