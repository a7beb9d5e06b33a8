package io.castellan.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The login-throttling and session settings: defaults, validation, and the {@code server start} options. */
class LoginThrottleConfigTest {

    @TempDir
    Path dataDir;

    @Test
    void defaultsAreFiveFailuresThenOneSecondDoublingToAMinuteAndALockAtTwenty() {
        ServerConfig config = ServerConfig.defaults();

        assertThat(config.loginThrottleAfter()).isEqualTo(5);
        assertThat(config.loginLockAfter()).isEqualTo(20);
        assertThat(config.loginDelayBase()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.loginDelayMax()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void inconsistentSettingsAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> ServerConfig.builder().loginThrottleAfter(0).build())
                .hasMessageStartingWith("loginThrottleAfter:");
        assertThatThrownBy(() -> ServerConfig.builder().loginThrottleAfter(5).loginLockAfter(4).build())
                .hasMessageStartingWith("loginLockAfter:");
        assertThatThrownBy(() -> ServerConfig.builder().loginDelayBase(Duration.ZERO).build())
                .hasMessageStartingWith("loginDelayBase:");
        assertThatThrownBy(() -> ServerConfig.builder().loginDelayMax(Duration.ofMillis(10)).build())
                .hasMessageStartingWith("loginDelayMax:");
    }

    @Test
    void serverStartTakesTheOptions() {
        ServerStartCommand start = new ServerStartCommand();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(start);
        cli.setErr(new PrintWriter(err, true));
        cli.parseArgs("--data-dir", dataDir.toString(), "--login-throttle-after", "3", "--login-lock-after", "9",
                "--login-max-delay-seconds", "30", "--session-idle-minutes", "15", "--session-max-hours", "8");

        assertThat(start.loginThrottleAfter).isEqualTo(3);
        assertThat(start.loginLockAfter).isEqualTo(9);
        assertThat(start.loginMaxDelaySeconds).isEqualTo(30);
        assertThat(start.sessionIdleMinutes).isEqualTo(15);
        assertThat(start.sessionMaxHours).isEqualTo(8);
        assertThat(new CommandLine(new ServerStartCommand()).execute("--data-dir", dataDir.toString(),
                "--login-throttle-after", "9", "--login-lock-after", "3")).isEqualTo(2);
    }
}
