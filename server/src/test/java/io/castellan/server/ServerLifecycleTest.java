package io.castellan.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Start/stop behaviour: the data-dir lock, port release on stop, clean failures that release what they took. */
@Timeout(30)
class ServerLifecycleTest {

    @TempDir
    Path dataDir;

    private CastellanServer newServer(String listen) {
        return new CastellanServer(ServerConfig.builder().dataDir(dataDir).listen(listen).build(), c -> null);
    }

    @Test
    void secondServerOnTheSameDataDirRefusesNamingTheLock() {
        CastellanServer first = newServer("127.0.0.1:0");
        first.start();
        try {
            CastellanServer second = newServer("127.0.0.1:0");
            assertThatThrownBy(second::start)
                    .isInstanceOf(StartupException.class)
                    .hasMessageContaining("in use by another Castellan server")
                    .hasMessageContaining(dataDir.resolve("server.lock").toAbsolutePath().toString());
            assertThat(second.port()).isEqualTo(-1);
        } finally {
            first.stop();
        }
    }

    @Test
    void lockHeldByAnotherProcessIsRefused() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LockHolderMain.class.getName(), dataDir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("locked");

            assertThatThrownBy(() -> newServer("127.0.0.1:0").start())
                    .isInstanceOf(StartupException.class)
                    .hasMessageContaining("server.lock");
        } finally {
            holder.getOutputStream().close();
            if (!holder.waitFor(10, TimeUnit.SECONDS)) {
                holder.destroyForcibly();
            }
        }
        // Once the other process is gone, the directory is free again.
        CastellanServer server = newServer("127.0.0.1:0");
        server.start();
        server.stop();
    }

    @Test
    @Timeout(180)
    void sigtermStopsTheServerThroughTheShutdownHook() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ServerProcessMain.class.getName(), "--data-dir", dataDir.toString(), "--listen", "127.0.0.1:0")
                .redirectErrorStream(true).start();
        StringBuffer output = new StringBuffer();
        CountDownLatch started = new CountDownLatch(1);
        Thread reader = Thread.ofPlatform().start(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    output.append(line).append('\n');
                    if (line.startsWith("Stop with")) {
                        started.countDown();
                    }
                }
            } catch (java.io.IOException ignored) {
                // the child is gone
            }
        });
        try {
            assertThat(started.await(90, TimeUnit.SECONDS)).as("banner in %s", output).isTrue(); // generous: CI machines are loaded
            assertThat(output).contains("URL:              https://127.0.0.1:");

            child.toHandle().destroy(); // SIGTERM; unlike Process.destroy() it leaves our end of stdout open

            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            reader.join(5000);
        } finally {
            child.destroyForcibly();
        }
        assertThat(output).as("exit %d", child.exitValue()).contains("Stopping Castellan server").contains("Castellan server stopped");
        // The lock died with the process; a new server can take the directory.
        CastellanServer next = newServer("127.0.0.1:0");
        next.start();
        next.stop();
    }

    @Test
    void stopReleasesThePortAndTheLock() throws Exception {
        CastellanServer first = newServer("127.0.0.1:0");
        int port = first.start();
        first.stop();

        try (ServerSocket rebind = new ServerSocket()) {
            rebind.setReuseAddress(true);
            rebind.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            assertThat(rebind.getLocalPort()).isEqualTo(port);
        }
        CastellanServer second = newServer("127.0.0.1:" + port);
        assertThat(second.start()).isEqualTo(port);
        second.stop();
    }

    @Test
    void portInUseFailsWithAClearMessageAndReleasesTheLock() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CastellanServer server = newServer("127.0.0.1:" + taken.getLocalPort());
            assertThatThrownBy(server::start)
                    .isInstanceOf(StartupException.class)
                    .hasMessage("cannot listen on 127.0.0.1:" + taken.getLocalPort()
                            + ": address already in use or not available");
        }
        CastellanServer next = newServer("127.0.0.1:0");
        next.start();
        next.stop();
    }

    @Test
    void storeRefusalFailsStartWithoutLeakingTheJdbcPassword() {
        ServerConfig config = ServerConfig.builder().dataDir(dataDir).listen("127.0.0.1:0")
                .jdbcUrl("jdbc:postgresql://db.internal:5432/castellan?user=castellan&password=hunter2").build();
        CastellanServer server = new CastellanServer(config, c -> {
            throw new IllegalStateException("connection refused: " + c.jdbcUrl().orElseThrow());
        });

        assertThatThrownBy(server::start)
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("refused to open")
                .hasMessageContaining("postgresql db.internal:5432/castellan")
                .hasMessageNotContaining("hunter2");
        // The lock was released by the failed start.
        CastellanServer next = newServer("127.0.0.1:0");
        next.start();
        next.stop();
    }

    @Test
    void stopIsIdempotentAndAwaitStopReturns() throws Exception {
        CastellanServer server = newServer("127.0.0.1:0");
        server.start();
        server.stop();
        server.stop();
        server.awaitStop();
        assertThat(server.url()).startsWith("https://127.0.0.1:");
    }
}
