package io.castellan.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.server.account.AdminBootstrap;
import io.castellan.server.audit.Audit;
import io.castellan.store.Store;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

/**
 * A real Castellan server for user-API tests: HTTPS on an ephemeral port, a real store (SQLite in the data directory,
 * or the PostgreSQL URL given), a {@link MutableClock}, and an audit that can be switched to fail.
 */
public final class ApiTestServer implements AutoCloseable {

    public final MutableClock clock = MutableClock.atNow();
    public final CastellanServer server;
    public final TestApiClient client;
    private final AtomicBoolean auditFails = new AtomicBoolean();

    private ApiTestServer(ServerConfig config) throws Exception {
        server = new CastellanServer(config, Store::open, clock).decorateAudit(this::switchable);
        int port = server.start();
        client = new TestApiClient(TestHttps.clientFor(config.dataDir()), "https://localhost:" + port,
                server.transmissionKeys().current(), clock);
    }

    /** Starts a server on {@code dataDir}; {@code more} adjusts the configuration (throttling, timeouts, database). */
    public static ApiTestServer start(Path dataDir, UnaryOperator<ServerConfig.Builder> more) throws Exception {
        return new ApiTestServer(more.apply(TestHttps.ephemeral(dataDir)).build());
    }

    public Store store() {
        return server.store();
    }

    /** From now on every audit write fails (as an unwritable audit log would), or succeeds again. */
    public void auditFails(boolean fails) {
        auditFails.set(fails);
    }

    /** Bootstraps {@code account} as the administrator and logs in; returns the session. */
    public String admin(TestAccount account) {
        AdminBootstrap.createAdmin(store(), account.email, account.material(), clock);
        return login(account);
    }

    /** Invites and registers {@code account} through the API (as {@code adminSession}) and logs in. */
    public String user(String adminSession, TestAccount account) {
        String code = client.ok("enterprise_user_add", adminSession, TestApiClient.object().put("email", account.email))
                .get("inviteCode").asText();
        client.ok("register", registration(account, code));
        return login(account);
    }

    public String login(TestAccount account) {
        return client.ok("login", credentials(account)).get("session").asText();
    }

    public static ObjectNode credentials(TestAccount account) {
        return TestApiClient.object().put("email", account.email)
                .put("authHash", java.util.Base64.getEncoder().encodeToString(account.authHash));
    }

    public static ObjectNode registration(TestAccount account, String inviteCode) {
        java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
        return TestApiClient.object().put("email", account.email).put("inviteCode", inviteCode)
                .put("salt", b64.encodeToString(account.salt)).put("iterations", TestAccount.ITERATIONS)
                .put("authHash", b64.encodeToString(account.authHash))
                .put("encryptedDataKey", b64.encodeToString(account.encryptedDataKey))
                .put("publicKey", b64.encodeToString(account.publicKey))
                .put("encryptedPrivateKey", b64.encodeToString(account.encryptedPrivateKey));
    }

    private Audit switchable(Audit real) {
        return new Audit() {
            @Override
            public void record(String type, String actor, String ip, List<String> subjects, String result) {
                record(type, actor, ip, subjects, result, Map.of());
            }

            @Override
            public void record(String type, String actor, String ip, List<String> subjects, String result,
                    Map<String, String> details) {
                if (auditFails.get()) {
                    throw new CastellanException(ErrorCode.AUDIT_UNAVAILABLE, "test: the audit log is unwritable");
                }
                real.record(type, actor, ip, subjects, result, details);
            }
        };
    }

    @Override
    public void close() {
        server.stop();
    }
}
