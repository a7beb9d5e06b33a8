package io.castellan.gateway.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.gateway.testing.Canaries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Canary secrets pushed through deliberate failures into the real rolling log file: messages, parameters,
 * exception messages, causes, suppressed exceptions and a real failed connection whose error names the secret.
 */
class ScrubbedLogFileTest {

    private static final Logger LOG = LoggerFactory.getLogger("io.castellan.gateway.test.ScrubbedLog");

    @TempDir
    Path logs;
    private final SecretScrubber scrubber = new SecretScrubber();

    @AfterEach
    void stopLogging() {
        GatewayLogging.shutdown();
    }

    @Test
    void noCanaryReachesTheLogFileWhateverPathItTakes() throws Exception {
        String canary = Canaries.next();
        String password = "Pw/" + canary + "+x=";
        scrubber.register(canary);
        scrubber.register(password);
        GatewayLogging.configure(LogSettings.of(logs, false, true), scrubber);

        LOG.info("parameterised: user admin password {}", password);
        LOG.debug("debug line with {} inside", canary);
        IllegalStateException cause = new IllegalStateException("login refused for password " + password);
        RuntimeException top = new RuntimeException("rotation failed, tried " + canary, cause);
        top.addSuppressed(new IOException("cleanup also failed with " + password));
        LOG.error("job j-1 failed", top);
        try {
            failDeepInsideWith(password);
        } catch (UncheckedIOException e) {
            LOG.warn("wrapped failure for {}", "record-uid-1", e);
        }
        // a real connection failure whose error text carries the secret (the resolver names the host it could not find)
        String host = canary + ".invalid";
        assertThatThrownBy(() -> new Socket(host, 443).close()).isInstanceOf(IOException.class)
                .hasMessageContaining(canary);
        try {
            new Socket(host, 443).close();
        } catch (IOException e) {
            LOG.error("cannot reach the target {}", host, e);
        }
        GatewayLogging.shutdown();

        String log = Files.readString(logs.resolve(LogSettings.FILE_NAME));
        assertThat(log).contains("parameterised: user admin password [scrubbed]", "debug line with [scrubbed] inside",
                "rotation failed, tried [scrubbed]", "Caused by: java.lang.IllegalStateException: login refused for "
                        + "password [scrubbed]", "Suppressed: java.io.IOException: cleanup also failed with [scrubbed]",
                "record-uid-1", "cannot reach the target [scrubbed].invalid", "failDeepInsideWith");
        assertThat(log).doesNotContain(canary, URLEncoder.encode(password, StandardCharsets.UTF_8),
                Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void infoLevelDropsDebugAndStdoutOnlyNeedsNoDirectory() throws Exception {
        GatewayLogging.configure(LogSettings.of(logs, false, false), scrubber);
        LOG.debug("hidden at info");
        LOG.info("shown at info");
        GatewayLogging.shutdown();

        String log = Files.readString(logs.resolve(LogSettings.FILE_NAME));
        assertThat(log).contains("shown at info").doesNotContain("hidden at info");
        assertThat(LogSettings.of(null, true, false).file()).isNull();
        assertThatThrownBy(() -> LogSettings.of(null, false, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("directory or standard output");
    }

    private static void failDeepInsideWith(String password) {
        try {
            throw new IOException("server said: bad password '" + password + "'");
        } catch (IOException e) {
            throw new UncheckedIOException("target refused", e);
        }
    }
}
