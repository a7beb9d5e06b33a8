package io.castellan.server;

import static io.castellan.server.TestApiClient.object;
import static org.assertj.core.api.Assertions.assertThat;

import io.castellan.store.AuditCheckpointRepository;
import io.castellan.store.RoleRepository;
import io.castellan.store.TeamRepository;
import io.castellan.store.SessionRepository;
import io.castellan.store.UserStatus;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Fail closed: when the audit cannot be written the action is refused (503) and nothing changes. */
@Timeout(60)
class AuditFailureTest {

    @TempDir
    Path dataDir;

    private ApiTestServer api;
    private TestApiClient client;
    private String admin;
    private final TestAccount alice = TestAccount.create("alice@example.com", "Canary-Audit-Pw");
    private final TestAccount bob = TestAccount.create("bob@example.com", "Canary-Audit-Bob");

    @BeforeEach
    void start() throws Exception {
        api = ApiTestServer.start(dataDir, b -> b);
        client = api.client;
        admin = api.admin(alice);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private void refusedWithoutTrace(String command, String session, com.fasterxml.jackson.databind.node.ObjectNode
            request, Supplier<Object> state) {
        Object before = state.get();
        long events = api.store().auditEvents().lastSeq();
        api.auditFails(true);
        TestApiClient.Reply reply = client.call(command, session, request);
        api.auditFails(false);

        assertThat(reply.status()).as(command).isEqualTo(503);
        assertThat(reply.error()).isEqualTo("audit_unavailable");
        assertThat(state.get()).as(command + " changed nothing").isEqualTo(before);
        assertThat(api.store().auditEvents().lastSeq()).isEqualTo(events);
    }

    @Test
    void enterpriseChangesAreRefusedWhenTheAuditFails() {
        RoleRepository roles = new RoleRepository(api.store().transactions());
        String bobSession = api.user(admin, bob);
        refusedWithoutTrace("enterprise_role_add", admin, object().put("name", "Rotators"),
                () -> roles.list().size());
        refusedWithoutTrace("enterprise_user_add", admin, object().put("email", "carol@example.com"),
                () -> api.store().users().list().size());
        refusedWithoutTrace("enterprise_user_disable", admin, object().put("email", bob.email),
                () -> api.store().users().findByEmail(bob.email).orElseThrow().status());
        assertThat(client.call("whoami", bobSession, object()).ok()).as("sessions not revoked").isTrue();
        assertThat(api.store().users().findByEmail(bob.email).orElseThrow().status()).isEqualTo(UserStatus.ACTIVE);
    }

    @Test
    void accountChangesAreRefusedWhenTheAuditFails() {
        SessionRepository sessions = new SessionRepository(api.store().transactions());
        String code = client.ok("enterprise_user_add", admin, object().put("email", bob.email))
                .get("inviteCode").asText();
        refusedWithoutTrace("register", null, ApiTestServer.registration(bob, code),
                () -> api.store().users().findByEmail(bob.email).orElseThrow().status());
        client.ok("register", ApiTestServer.registration(bob, code));

        String userUid = api.store().users().findByEmail(bob.email).orElseThrow().uid();
        refusedWithoutTrace("login", null, ApiTestServer.credentials(bob),
                () -> sessions.countLive(userUid, api.clock.instant()));
        String session = api.login(bob);
        refusedWithoutTrace("logout", session, object(), () -> sessions.countLive(userUid, api.clock.instant()));
        assertThat(client.call("whoami", session, object()).ok()).isTrue();
    }

    @Test
    void auditAndTeamCommandsAreRefusedWhenTheAuditFails() {
        AuditCheckpointRepository checkpoints = new AuditCheckpointRepository(api.store().transactions());
        refusedWithoutTrace("audit_export", admin, object(), () -> checkpoints.latest());
        refusedWithoutTrace("audit_verify", admin, object(), () -> checkpoints.latest());
        TeamRepository teams = new TeamRepository(api.store().transactions());
        refusedWithoutTrace("enterprise_team_add", admin, object().put("name", "Night shift"),
                () -> teams.list().size());
        assertThat(client.ok("audit_export", admin, object()).path("checkpoints")).as("works again").isNotEmpty();
    }
}
