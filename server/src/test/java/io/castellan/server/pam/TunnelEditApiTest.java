package io.castellan.server.pam;

import static io.castellan.server.pam.PamWorld.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.castellan.server.TestApiClient.Reply;
import io.castellan.server.pam.PamWorld.Folder;
import io.castellan.server.pam.PamWorld.Rec;
import io.castellan.store.ResourceSettingsRepository;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tunnel_edit}, the record-level tunneling switch, through a real server's encrypted user API: off until set,
 * set only by a user who may edit the record and holds {@code ALLOW_CONFIGURE_PAM_TUNNELING_SETTINGS}, audited.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TunnelEditApiTest {

    @TempDir
    Path dataDir;

    private PamWorld world;
    private Folder folder;
    private Rec machine;
    private ResourceSettingsRepository settings;

    @BeforeEach
    void start() throws Exception {
        world = PamWorld.start(dataDir, b -> b);
        folder = world.sharedFolder(world.aliceSession, world.alice);
        machine = world.recordIn(world.aliceSession, folder, "pamMachine");
        settings = new ResourceSettingsRepository(world.api.store().transactions(), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        world.close();
    }

    private Reply edit(String session, String uid, Object tunneling) {
        var request = json().put("recordUid", uid);
        if (tunneling instanceof Boolean b) {
            request.put("tunneling", b);
        } else if (tunneling != null) {
            request.put("tunneling", tunneling.toString());
        }
        return world.client.call("tunnel_edit", session, request);
    }

    @Test
    void anAdministratorWhoOwnsTheRecordTurnsItOnAndOff() {
        assertThat(settings.tunnelingEnabled(machine.uid())).isFalse();
        Reply on = edit(world.aliceSession, machine.uid(), true);
        assertThat(on.ok()).as(on.toString()).isTrue();
        assertThat(on.json().path("tunneling").asBoolean()).isTrue();
        assertThat(settings.tunnelingEnabled(machine.uid())).isTrue();
        assertThat(edit(world.aliceSession, machine.uid(), false).ok()).isTrue();
        assertThat(settings.tunneling(machine.uid())).contains(false);
        assertThat(world.auditEvents("tunnel_settings_changed")).isEqualTo(2);
    }

    @Test
    void aUserNeedsThePolicyAndEditRights() {
        world.addMember(folder, world.bob, false); // bob sees the record, may not edit it
        Reply noPolicy = edit(world.bobSession, machine.uid(), true);
        assertThat(noPolicy.status()).as(noPolicy.toString()).isEqualTo(403);
        assertThat(noPolicy.toString()).contains("ALLOW_CONFIGURE_PAM_TUNNELING_SETTINGS");

        world.grantPolicy(world.bob, "tunnel admins", "ALLOW_CONFIGURE_PAM_TUNNELING_SETTINGS");
        Reply viewOnly = edit(world.bobSession, machine.uid(), true);
        assertThat(viewOnly.status()).as(viewOnly.toString()).isEqualTo(403);
        assertThat(viewOnly.toString()).contains("may not edit");
        assertThat(settings.tunneling(machine.uid())).isEmpty();

        Rec bobs = world.recordOutside(world.bobSession, world.bob, "pamDatabase");
        assertThat(edit(world.bobSession, bobs.uid(), true).ok()).isTrue();
        assertThat(settings.tunnelingEnabled(bobs.uid())).isTrue();
        assertThat(world.auditEvents("tunnel_settings_changed")).isEqualTo(1);
    }

    @Test
    void badRequestsAreNamed() {
        Reply missing = edit(world.aliceSession, machine.uid(), null);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.toString()).contains("tunneling");
        Reply text = edit(world.aliceSession, machine.uid(), "yes");
        assertThat(text.status()).isEqualTo(400);
        Reply unknown = edit(world.aliceSession, "AAAAAAAAAAAAAAAAAAAAAA", true);
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(404);
        assertThat(world.auditEvents("tunnel_settings_changed")).isZero();
    }
}
