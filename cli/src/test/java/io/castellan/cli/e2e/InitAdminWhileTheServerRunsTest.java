package io.castellan.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.castellan.cli.Cli;
import io.castellan.cli.Cli.Result;
import io.castellan.testkit.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code server init-admin} against a data directory a running server process holds must refuse with a clear
 * message (the {@code AdminBootstrap} contract: "refuse (with a CastellanException) when ... the store cannot be
 * opened (e.g. a running server holds the data directory)"), not as an internal error.
 */
class InitAdminWhileTheServerRunsTest {

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
    void refusesNamingTheRunningServerInsteadOfFailingInternally(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Path password = Files.writeString(dir.resolve("admin.pw"), "a long enough master password\n");
        try (ServerProcess server = ServerProcess.builder(data).logFile(dir.resolve("server.log"))
                .startTimeout(Duration.ofSeconds(120)).start()) {
            Result r = Cli.run("server", "init-admin", "--data-dir", data.toString(), "--email",
                    "admin@e2e.example", "--password-file", password.toString(), "--iterations", "10000");
            assertThat(r.exit()).as("refused: %s", r.err()).isNotZero();
            assertThat(r.err()).as("names the reason").contains("in use by another Castellan server");
            assertThat(r.exit()).as("not an internal error (exit 1): %s", r.err()).isNotEqualTo(1);
        }
    }
}
