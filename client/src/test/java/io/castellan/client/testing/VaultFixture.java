package io.castellan.client.testing;

import io.castellan.client.VaultClient;
import io.castellan.client.api.AccountApi;
import io.castellan.client.api.SignedIn;
import io.castellan.client.config.CliConfig;
import io.castellan.client.keys.AccountMaterial;
import io.castellan.client.transport.ApiTransport;
import io.castellan.client.transport.TlsTrust;
import java.time.Clock;
import java.time.Duration;

/** A running fake server with the in-memory vault behind it, and helpers to make accounts and sessions. */
public final class VaultFixture implements AutoCloseable {

    public final InMemoryVault backend = new InMemoryVault();
    public final FakeApiServer server;
    public final TestCertificates.Issued certificate;

    public VaultFixture() throws Exception {
        certificate = TestCertificates.selfSigned("castellan-test");
        server = FakeApiServer.start(certificate, backend);
    }

    public String url() {
        return server.url().toString();
    }

    public String fingerprint() throws Exception {
        return certificate.fingerprint();
    }

    /** A transport pinned to the fixture's certificate. */
    public ApiTransport transport() throws Exception {
        return new ApiTransport(server.url(), TlsTrust.pinned(fingerprint()), Clock.systemUTC(),
                Duration.ofSeconds(10));
    }

    /** Creates an administrator directly in the backend, as {@code server init-admin} would. */
    public void createAdmin(String email, String password) {
        backend.createAdmin(email, AccountMaterial.create(password.toCharArray(), InMemoryVault.TEST_ITERATIONS));
    }

    /** Invites and registers a user through the API. */
    public void createUser(String email, String password) throws Exception {
        String code = backend.invite(email);
        new AccountApi(transport()).register(email, code,
                AccountMaterial.create(password.toCharArray(), InMemoryVault.TEST_ITERATIONS));
    }

    /** The config a CLI would store after logging in. */
    public CliConfig configFor(SignedIn in) throws Exception {
        return CliConfig.EMPTY.withServer(url()).withPin(fingerprint()).withSession(in.email(), in.userUid(),
                in.session(), in.sessionDataKey(), in.encryptedPrivateKey(), in.publicKey());
    }

    /** Logs in and returns a client holding the session. */
    public VaultClient login(String email, String password) throws Exception {
        ApiTransport transport = transport();
        SignedIn in = new VaultClient(transport, CliConfig.EMPTY).login(email, password.toCharArray(), null);
        return new VaultClient(transport, configFor(in));
    }

    @Override
    public void close() {
        server.close();
    }
}
