package io.castellan.bench;

import io.castellan.client.VaultClient;
import io.castellan.client.api.SignedIn;
import io.castellan.client.config.CliConfig;
import io.castellan.client.keys.AccountMaterial;
import io.castellan.client.transport.ApiTransport;
import io.castellan.client.transport.TlsTrust;
import io.castellan.server.CastellanServer;
import io.castellan.server.ServerConfig;
import io.castellan.server.account.AccountKeyMaterial;
import io.castellan.server.account.AdminBootstrap;
import io.castellan.store.Store;
import io.castellan.testkit.PostgresTestDatabase;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * A real Castellan server in this JVM: HTTPS on 127.0.0.1 with an ephemeral port, generated TLS material and keys in
 * a temporary data directory, and a real store (SQLite in that directory, or a throwaway PostgreSQL database from
 * {@link PostgresTestDatabase}). Clients pin the server's certificate exactly as the CLI does.
 */
final class BenchServer implements AutoCloseable {

    enum Kind { SQLITE, POSTGRES }

    static final String ADMIN_EMAIL = "admin@bench.castellan.test";
    static final char[] ADMIN_PASSWORD = "bench admin password".toCharArray();
    /** The administrator only invites the benchmark user; its own KDF is not what is measured. */
    static final int ADMIN_ITERATIONS = 100_000;

    final Kind kind;
    final Path dataDir;
    final CastellanServer server;
    final Store store;
    final String url;
    final String fingerprint;
    private final PostgresTestDatabase postgres;

    private BenchServer(Kind kind, Path dataDir, CastellanServer server, Store store, PostgresTestDatabase postgres) {
        this.kind = kind;
        this.dataDir = dataDir;
        this.server = server;
        this.store = store;
        this.postgres = postgres;
        this.url = server.url();
        this.fingerprint = server.tlsMaterial().fingerprintSha256();
    }

    static BenchServer start(Kind kind) throws IOException {
        Path dir = Files.createTempDirectory("castellan-bench-");
        PostgresTestDatabase pg = kind == Kind.POSTGRES ? PostgresTestDatabase.create() : null;
        try {
            ServerConfig.Builder config = ServerConfig.builder().dataDir(dir).listen("127.0.0.1:0");
            if (pg != null) {
                config.jdbcUrl(pg.jdbcUrl());
            }
            AtomicReference<Store> opened = new AtomicReference<>();
            CastellanServer server = new CastellanServer(config.build(), storeConfig -> {
                Store s = Store.open(storeConfig);
                opened.set(s);
                return s;
            });
            server.start();
            return new BenchServer(kind, dir, server, opened.get(), pg);
        } catch (RuntimeException e) {
            if (pg != null) {
                pg.close();
            }
            deleteTree(dir);
            throw e;
        }
    }

    String label() {
        return kind == Kind.SQLITE ? "sqlite" : "postgres";
    }

    /** A plain JDBC URL to the same database, for the peers. */
    String peerJdbcUrl() {
        return postgres != null ? postgres.jdbcUrl() : "jdbc:sqlite:" + dataDir.resolve("castellan.db");
    }

    /** A new transport (its own HttpClient and connection) pinned to this server's certificate. */
    ApiTransport newTransport() {
        return ApiTransport.connect(URI.create(url), TlsTrust.pinned(fingerprint));
    }

    /** The config a client has before login: server and pin. */
    CliConfig baseConfig() {
        return CliConfig.EMPTY.withServer(url).withPin(fingerprint);
    }

    /** The config after a login, as the CLI stores it. */
    CliConfig sessionConfig(SignedIn in) {
        return baseConfig().withSession(in.email(), in.userUid(), in.session(), in.sessionDataKey(),
                in.encryptedPrivateKey(), in.publicKey());
    }

    /**
     * Writes the first administrator straight into the store (what {@code castellan server init-admin} does) and
     * returns a logged-in client for it.
     */
    VaultClient bootstrapAdmin() {
        AccountMaterial m = AccountMaterial.create(ADMIN_PASSWORD.clone(), ADMIN_ITERATIONS);
        AdminBootstrap.createAdmin(store, ADMIN_EMAIL, new AccountKeyMaterial(m.salt(), m.iterations(), m.authHash(),
                m.encryptedDataKey(), m.publicKey(), m.encryptedPrivateKey()));
        m.wipe();
        ApiTransport transport = newTransport();
        SignedIn in = new VaultClient(transport, baseConfig()).login(ADMIN_EMAIL, ADMIN_PASSWORD.clone(), null);
        return new VaultClient(transport, sessionConfig(in));
    }

    @Override
    public void close() {
        server.stop();
        if (postgres != null) {
            postgres.close();
        }
        deleteTree(dataDir);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("bench: could not delete " + dir + ": " + e.getMessage());
        }
    }
}
