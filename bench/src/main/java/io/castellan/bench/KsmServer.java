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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * The server of the {@code ksm} benchmark: the same as {@link BenchServer} (a real {@link CastellanServer} in this
 * JVM, HTTPS on 127.0.0.1 with an ephemeral port, generated TLS material, SQLite in a temporary data directory or a
 * throwaway PostgreSQL database), started with a chosen {@code --device-requests-per-minute}: at the product's default
 * (1,200 per device per minute) one device could not go past 20 requests/s, so the throughput figures would measure
 * the throttle.
 */
final class KsmServer implements AutoCloseable {

    final BenchServer.Kind kind;
    final Path dataDir;
    final CastellanServer server;
    final Store store;
    final String url;
    final String fingerprint;
    private final PostgresTestDatabase postgres;

    private KsmServer(BenchServer.Kind kind, Path dataDir, CastellanServer server, Store store,
            PostgresTestDatabase postgres) {
        this.kind = kind;
        this.dataDir = dataDir;
        this.server = server;
        this.store = store;
        this.postgres = postgres;
        this.url = server.url();
        this.fingerprint = server.tlsMaterial().fingerprintSha256();
    }

    static KsmServer start(BenchServer.Kind kind, int deviceRequestsPerMinute) throws IOException {
        Path dir = Files.createTempDirectory("castellan-bench-ksm-");
        PostgresTestDatabase pg = kind == BenchServer.Kind.POSTGRES ? PostgresTestDatabase.create() : null;
        try {
            ServerConfig.Builder config = ServerConfig.builder().dataDir(dir).listen("127.0.0.1:0")
                    .deviceRequestsPerMinute(deviceRequestsPerMinute);
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
            return new KsmServer(kind, dir, server, opened.get(), pg);
        } catch (RuntimeException e) {
            if (pg != null) {
                pg.close();
            }
            deleteTree(dir);
            throw e;
        }
    }

    String label() {
        return kind == BenchServer.Kind.SQLITE ? "sqlite" : "postgres";
    }

    /** {@code 127.0.0.1:PORT}: the SDK's hostName (a one-time token cannot carry a port). */
    String hostName() {
        URI u = URI.create(url);
        return u.getHost() + ":" + u.getPort();
    }

    ApiTransport newTransport() {
        return ApiTransport.connect(URI.create(url), TlsTrust.pinned(fingerprint));
    }

    /**
     * Writes the first administrator straight into the store (what {@code castellan server init-admin} does) and
     * returns a logged-in client for it, exactly as {@link BenchServer#bootstrapAdmin()} does.
     */
    VaultClient bootstrapAdmin() {
        AccountMaterial m = AccountMaterial.create(BenchServer.ADMIN_PASSWORD.clone(), BenchServer.ADMIN_ITERATIONS);
        AdminBootstrap.createAdmin(store, BenchServer.ADMIN_EMAIL, new AccountKeyMaterial(m.salt(), m.iterations(),
                m.authHash(), m.encryptedDataKey(), m.publicKey(), m.encryptedPrivateKey()));
        m.wipe();
        ApiTransport transport = newTransport();
        CliConfig base = CliConfig.EMPTY.withServer(url).withPin(fingerprint);
        SignedIn in = new VaultClient(transport, base).login(BenchServer.ADMIN_EMAIL,
                BenchServer.ADMIN_PASSWORD.clone(), null);
        return new VaultClient(transport, base.withSession(in.email(), in.userUid(), in.session(),
                in.sessionDataKey(), in.encryptedPrivateKey(), in.publicKey()));
    }

    /**
     * @return the process ids of the PostgreSQL backends connected to this server's database (its connection pool),
     *     not counting the one asking; empty for SQLite
     */
    Set<Long> postgresBackendPids() {
        if (postgres == null) {
            return Set.of();
        }
        Set<Long> pids = new HashSet<>();
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl()); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                        + " AND pid <> pg_backend_pid()")) {
            while (r.next()) {
                pids.add(r.getLong(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list the PostgreSQL backends: " + e.getMessage(), e);
        }
        return pids;
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
