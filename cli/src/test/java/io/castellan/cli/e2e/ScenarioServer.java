package io.castellan.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.castellan.cli.Cli;
import io.castellan.cli.Cli.Result;
import io.castellan.testkit.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The first step of a scenario: the administrator made offline by the real CLI, then a real server process. */
final class ScenarioServer {

    private ScenarioServer() {
    }

    /**
     * Runs {@code castellan server init-admin} (100,000 iterations: the scenarios test the protocol, not the KDF's
     * cost) and starts the server on an ephemeral port.
     *
     * @param dbUrl a PostgreSQL JDBC URL, or {@code null} for SQLite in the data directory
     */
    static ServerProcess initAdminAndStart(Path dataDir, String dbUrl, String adminEmail, Path adminPasswordFile,
            Path logFile) throws Exception {
        List<String> init = new ArrayList<>(List.of("server", "init-admin", "--data-dir", dataDir.toString(),
                "--email", adminEmail, "--password-file", adminPasswordFile.toString(), "--iterations", "100000"));
        if (dbUrl != null) {
            init.addAll(List.of("--db-url", dbUrl));
        }
        Result created = Cli.run(init.toArray(String[]::new));
        assertThat(created.exit()).as(created.err()).isZero();
        ServerProcess.Builder builder = ServerProcess.builder(dataDir).listen("127.0.0.1", 0).logFile(logFile)
                .startTimeout(Duration.ofSeconds(120));
        if (dbUrl != null) {
            builder.dbUrl(dbUrl);
        }
        return builder.start();
    }
}
