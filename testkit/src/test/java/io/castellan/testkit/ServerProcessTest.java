package io.castellan.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServerProcessTest {

    @TempDir
    Path dir;

    private ServerProcess.Builder fake(String mode) {
        return ServerProcess.builder(dir.resolve("data")).main(FakeServerMain.class.getName(), mode)
                .logFile(dir.resolve("logs/server.log"));
    }

    @Test
    void readsUrlPortAndFingerprintFromTheBannerAndStopsGracefullyWithSigterm() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        ServerProcess server = fake("banner").start();
        try {
            assertThat(server.isAlive()).isTrue();
            assertThat(server.url()).isEqualTo("https://127.0.0.1:43210");
            assertThat(server.port()).isEqualTo(43210);
            assertThat(server.fingerprint()).isEqualTo("AB:CD:EF:01");
            assertThat(ProcessHandle.of(server.pid())).isPresent();
        } finally {
            assertThat(server.stop()).as("graceful stop").isTrue();
        }
        assertThat(server.isAlive()).isFalse();
        assertThat(server.exitCode()).isPresent();
        assertThat(dir.resolve("data/stopped")).as("shutdown hook ran, so SIGTERM was sent").exists();
        assertThat(server.log()).contains("Flyway - migrating", "stderr line");
        server.close(); // idempotent
    }

    @Test
    void appendsToTheLogAcrossRestartsAndPassesTheOptions() {
        ServerProcess.Builder builder = fake("banner").listen("127.0.0.1", 0).dbUrl("jdbc:postgresql://h/db")
                .args("--session-idle-minutes", "5");
        assertThat(builder.command()).containsSubsequence("-cp", FakeServerMain.class.getName(), "banner",
                "--data-dir", dir.resolve("data").toAbsolutePath().toString(), "--listen", "127.0.0.1:0",
                "--db-url", "jdbc:postgresql://h/db", "--session-idle-minutes", "5");
        try (ServerProcess first = fake("banner").start()) {
            assertThat(first.port()).isEqualTo(43210);
        }
        try (ServerProcess second = fake("banner").listen("127.0.0.1", 43210).start()) {
            assertThat(second.log().split("Castellan server started", -1)).hasSize(3);
        }
    }

    @Test
    void failsWithTheOutputWhenTheProcessExitsBeforeTheBanner() {
        assertThatThrownBy(() -> fake("fail").start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exited with code 10")
                .hasMessageContaining("cannot listen on 127.0.0.1:0");
    }

    @Test
    void failsAndKillsTheProcessWhenNoBannerAppearsInTime() throws Exception {
        ServerProcess.Builder silent = fake("silent").startTimeout(Duration.ofSeconds(2));
        assertThatThrownBy(silent::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("printed no URL within PT2S");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (silentChildren() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(silentChildren()).as("the silent process was killed").isZero();
    }

    private static long silentChildren() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().arguments().map(a -> java.util.List.of(a).contains("silent")).orElse(false))
                .count();
    }
}
