package io.castellan.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.castellan.server.tls.Fingerprints;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code server start} through picocli: output, exit codes, error lines. */
@Timeout(30)
class ServerCommandTest {

    @TempDir
    Path dataDir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** The {@code server} group as the root CLI mounts it, with {@code start} optionally replaced by {@code start}. */
    private CommandLine commandLine(ServerStartCommand start) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return start != null && type == ServerStartCommand.class
                        ? type.cast(start) : CommandLine.defaultFactory().create(type);
            }
        };
        CommandLine root = new CommandLine(new ServerCommand(), factory);
        root.setOut(new PrintWriter(out, true));
        root.setErr(new PrintWriter(err, true));
        return root;
    }

    private static ServerStartCommand withoutStore() {
        ServerStartCommand start = new ServerStartCommand();
        start.storeOpener = c -> null;
        return start;
    }

    @Test
    void badListenAddressExitsWith2NamingTheOption() {
        int code = commandLine(null).execute("start", "--data-dir", dataDir.toString(), "--listen", "nonsense");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("listen: 'nonsense' has no port");
        assertThat(dataDir.resolve("tls")).doesNotExist();
    }

    @Test
    void tlsCertWithoutKeyExitsWith2() {
        int code = commandLine(null).execute("start", "--data-dir", dataDir.toString(), "--tls-cert", "x.crt");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("tlsKey: required when tlsCert is set");
    }

    @Test
    void unknownOptionExitsWith2() {
        assertThat(commandLine(null).execute("start", "--no-such-option")).isEqualTo(2);
    }

    @Test
    void lockedDataDirExitsWith10AndOneLine() {
        CastellanServer holder = new CastellanServer(TestHttps.ephemeral(dataDir).build(), c -> null);
        holder.start();
        try {
            int code = commandLine(withoutStore())
                    .execute("start", "--data-dir", dataDir.toString(), "--listen", "127.0.0.1:0");

            assertThat(code).isEqualTo(10);
            assertThat(err.toString().strip()).doesNotContain("\n").startsWith("castellan: server did not start: ")
                    .contains("server.lock");
        } finally {
            holder.stop();
        }
    }

    @Test
    void debugAddsTheStackTrace() {
        CastellanServer holder = new CastellanServer(TestHttps.ephemeral(dataDir).build(), c -> null);
        holder.start();
        try {
            int code = commandLine(withoutStore())
                    .execute("start", "--data-dir", dataDir.toString(), "--listen", "127.0.0.1:0", "--debug");

            assertThat(code).isEqualTo(10);
            assertThat(err.toString()).contains("\tat io.castellan.server.DataDirLock");
        } finally {
            holder.stop();
        }
    }

    @Test
    void storeRefusalExitsWith10WithoutThePassword() {
        ServerStartCommand start = new ServerStartCommand();
        start.storeOpener = c -> {
            throw new IllegalStateException("FATAL: password authentication failed; url " + c.jdbcUrl().orElseThrow());
        };

        int code = commandLine(start).execute("start", "--data-dir", dataDir.toString(), "--listen", "127.0.0.1:0",
                "--db-url", "jdbc:postgresql://db.internal/castellan?user=c&password=hunter2");

        assertThat(code).isEqualTo(10);
        assertThat(err.toString()).contains("postgresql db.internal/castellan").doesNotContain("hunter2");
    }

    @Test
    void startPrintsWhereAndHowToReachTheServerThenBlocksUntilInterrupted() throws Exception {
        ServerStartCommand start = withoutStore();
        CommandLine cli = commandLine(start);
        Thread[] runner = new Thread[1];
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        runner[0] = Thread.ofPlatform().start(() -> exit.complete(
                cli.execute("start", "--data-dir", dataDir.toString(), "--listen", "127.0.0.1:0")));

        while (!out.toString().contains("Stop with")) {
            assertThat(exit).isNotDone();
            Thread.sleep(20);
        }
        String banner = out.toString();
        CastellanServer server = start.server;
        Matcher url = Pattern.compile("URL: +https://127\\.0\\.0\\.1:(\\d+)").matcher(banner);
        assertThat(url.find()).as(banner).isTrue();
        assertThat(Integer.parseInt(url.group(1))).isEqualTo(server.port()).isPositive();
        String fingerprint = Fingerprints.sha256(TestHttps.readCertificate(dataDir.resolve("tls/server.crt")));
        assertThat(banner).contains("TLS fingerprint:  SHA-256 " + fingerprint)
                .contains("Transmission key: id 1")
                .contains("Data directory:   " + dataDir.toAbsolutePath().normalize())
                .contains("Store:            sqlite " + dataDir.resolve("castellan.db").toAbsolutePath().normalize());
        assertThat(TestHttps.get(TestHttps.clientFor(dataDir), "https://127.0.0.1:" + server.port() + "/healthz")
                .statusCode()).isEqualTo(200);
        assertThat(exit).isNotDone();

        runner[0].interrupt();

        assertThat(exit.get(15, TimeUnit.SECONDS)).isZero();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void groupWithoutSubcommandPrintsUsage() {
        assertThat(commandLine(null).execute()).isZero();
        assertThat(out.toString()).contains("Usage: server").contains("start");
    }
}
