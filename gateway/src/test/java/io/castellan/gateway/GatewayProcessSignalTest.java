package io.castellan.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.castellan.gateway.testing.TestConfigs;
import io.castellan.sdk.config.ClientConfigCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The real entry point in its own JVM: configuration from GATEWAY_CONFIG, SIGTERM stops it cleanly. */
@Timeout(120)
class GatewayProcessSignalTest {

    @TempDir
    Path home;

    @Test
    void sigtermStopsTheGatewayCleanlyAndTheLogSaysSo() throws Exception {
        Path logs = home.resolve("logs");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Duser.home=" + home, "-cp",
                System.getProperty("java.class.path"), GatewayMain.class.getName(), "start", "--log-dir",
                logs.toString(), "--grace-seconds", "5"));
        builder.environment().put("GATEWAY_CONFIG", ClientConfigCodec.toBase64(TestConfigs.bound("127.0.0.1:9")));
        builder.redirectErrorStream(true).redirectOutput(home.resolve("out.txt").toFile());
        Process process = builder.start();
        try {
            Path log = logs.resolve("gateway.log");
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!(Files.exists(log) && Files.readString(log).contains("started: server")) && process.isAlive()
                    && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            assertThat(process.isAlive()).as(Files.readString(home.resolve("out.txt"))).isTrue();

            process.destroy();

            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isEqualTo(143);
            String text = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(text).contains("configuration from environment GATEWAY_CONFIG", "gateway stopping",
                    "gateway stopped");
        } finally {
            process.destroyForcibly();
        }
    }
}
