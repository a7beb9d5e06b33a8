package io.castellan.server.pam;

import static io.castellan.server.pam.PamWorld.b64;
import static io.castellan.server.pam.PamWorld.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.castellan.crypto.Ecies;
import io.castellan.server.access.AccessRevocation.Revoked;
import io.castellan.server.pam.PamWorld.Folder;
import io.castellan.server.pam.PamWorld.Rec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code AccessRevocation} hook of a real server: each change that may take access away fires it after the
 * change committed, naming the user concerned where one is (everyone otherwise), and a change that takes nothing away
 * does not. TunnelRevocationEndToEndTest shows its effect on live tunnels.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AccessRevocationHookTest {

    @TempDir
    Path dataDir;
    PamWorld world;
    String bobUid;
    final LinkedBlockingQueue<Revoked> heard = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws Exception {
        world = PamWorld.start(dataDir, b -> b);
        world.api.server.accessRevocation().addListener(heard::add);
        bobUid = world.client.ok("whoami", world.bobSession, json()).get("userUid").asText();
    }

    @AfterEach
    void stop() {
        world.close();
    }

    @Test
    void firesForEveryKindOfRevocationNamingTheUser() throws Exception {
        Folder folder = world.sharedFolder(world.aliceSession, world.alice);
        Rec record = world.recordOutside(world.aliceSession, world.alice, "pamDatabase");

        share(record, Optional.empty());
        assertThat(heard).as("sharing takes nothing away").isEmpty();
        world.client.ok("record_unshare", world.aliceSession, json().put("uid", record.uid())
                .put("email", world.bob.email));
        assertHeard("record_unshare", Optional.of(bobUid));

        world.addMember(folder, world.bob, false);
        assertThat(heard).isEmpty();
        world.client.ok("folder_member_remove", world.aliceSession, json().put("folderUid", folder.uid())
                .put("email", world.bob.email));
        assertHeard("folder_member_remove", Optional.of(bobUid));

        world.grantPolicy(world.bob, "Tunnel users", "ALLOW_LAUNCH_PAM_TUNNELS");
        assertHeard("enterprise_role_enforcement", Optional.empty()); // a role's members: everyone concerned
        assertThat(heard).as("adding a role member takes nothing away").isEmpty();
        world.client.ok("enterprise_role_member", world.aliceSession, json().put("role", "Tunnel users")
                .put("email", world.bob.email).put("remove", true));
        assertHeard("enterprise_role_member", Optional.of(bobUid));

        world.client.ok("enterprise_user_disable", world.aliceSession, json().put("email", world.bob.email));
        assertHeard("enterprise_user_disable", Optional.of(bobUid));
        assertThat(world.client.call("whoami", world.bobSession, json()).status())
                .as("disabling revoked bob's sessions").isEqualTo(401);
    }

    @Test
    void anExpiredShareFiresFromTheSweep() throws Exception {
        Rec record = world.recordOutside(world.aliceSession, world.alice, "pamDatabase");
        share(record, Optional.of(world.api.clock.millis() + 60_000));
        world.api.clock.advance(Duration.ofMinutes(2));
        Revoked expired = heard.poll(30, TimeUnit.SECONDS); // the sweep runs every 5 s
        assertThat(expired).as("the share sweep fired").isNotNull();
        assertThat(expired.cause()).isEqualTo("record_share_expired");
        assertThat(expired.userUid()).contains(bobUid);
    }

    private void share(Rec record, Optional<Long> expiresAt) {
        var request = json().put("uid", record.uid()).put("email", world.bob.email)
                .put("recordKey", b64(Ecies.seal(world.bob.publicKey, record.recordKey())))
                .put("canEdit", false).put("canShare", false);
        expiresAt.ifPresent(e -> request.put("expiresAt", e));
        world.client.ok("record_share", world.aliceSession, request);
    }

    private void assertHeard(String cause, Optional<String> user) {
        List<Revoked> now = List.copyOf(heard);
        heard.clear();
        assertThat(now).as("revocations after %s", cause).containsExactly(new Revoked(cause, user));
    }
}
