package io.castellan.cli.quickstart;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The demo target: a PostgreSQL cluster from the binaries zonky ships as a Maven artifact, kept in the data
 * directory so a second run finds the same roles. After its first start it demands scram-sha-256 passwords for every
 * connection (pg_hba), so the gateway's check that a rotated password works is a real login.
 */
final class DemoPostgres implements AutoCloseable {

    static final String DEMO_ROLE = "demo";
    private static final String SUPERUSER = "postgres";

    private final EmbeddedPostgres postgres;
    private final Path dataDir;
    private final String initialDemoPassword;

    private DemoPostgres(EmbeddedPostgres postgres, Path dataDir, String initialDemoPassword) {
        this.postgres = postgres;
        this.dataDir = dataDir;
        this.initialDemoPassword = initialDemoPassword;
    }

    /**
     * Starts the cluster in {@code home} (initialising it on first use).
     *
     * @param superPassword the superuser's password (the pamDatabase record's login)
     * @param newDemoPassword the demo role's first password, used only when the cluster is new
     */
    static DemoPostgres start(Path home, int port, String superPassword, String newDemoPassword)
            throws IOException, SQLException {
        Path data = home.resolve("data");
        boolean fresh = !Files.exists(data.resolve("PG_VERSION"));
        Path log = home.resolve("postgres.log");
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("password_encryption", "scram-sha-256")
                .setConnectConfig("password", superPassword)
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
        DemoPostgres demo = new DemoPostgres(pg, data, fresh ? newDemoPassword : null);
        if (fresh) {
            try {
                demo.secure(superPassword, newDemoPassword);
            } catch (SQLException | IOException | RuntimeException e) {
                demo.close();
                throw e;
            }
        }
        return demo;
    }

    /** Sets the passwords, creates the demo role, then demands scram-sha-256 from every client. */
    private void secure(String superPassword, String demoPassword) throws SQLException, IOException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("SET password_encryption = 'scram-sha-256'");
            st.execute("ALTER ROLE " + SUPERUSER + " PASSWORD " + literal(superPassword));
            st.execute("CREATE ROLE " + DEMO_ROLE + " LOGIN PASSWORD " + literal(demoPassword));
            Files.writeString(dataDir.resolve("pg_hba.conf"), """
                    # Written by castellan quickstart: every connection proves a scram-sha-256 password.
                    local all all scram-sha-256
                    host  all all 127.0.0.1/32 scram-sha-256
                    host  all all ::1/128 scram-sha-256
                    """);
            st.execute("SELECT pg_reload_conf()");
        }
    }

    /** Generated passwords are alphanumeric; this quoting is for them only, and refuses anything else. */
    private static String literal(String password) {
        if (!password.chars().allMatch(Character::isLetterOrDigit)) {
            throw new IllegalArgumentException("demo passwords are alphanumeric");
        }
        return "'" + password + "'";
    }

    int port() {
        return postgres.getPort();
    }

    /** The demo role's first password when this run created the cluster, else {@code null}. */
    String initialDemoPassword() {
        return initialDemoPassword;
    }

    /**
     * Stops the cluster ({@code pg_ctl stop -m fast}) and waits until the postmaster process is gone: pg_ctl returns
     * when the pid file is removed, a moment before the process exits, and "stopped" must mean stopped.
     */
    @Override
    public void close() throws IOException {
        Optional<ProcessHandle> postmaster = postmaster();
        postgres.close();
        postmaster.ifPresent(p -> {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!exited(p.pid()) && System.nanoTime() < end) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            // still running after 30 s: the caller reports the stop as done; the log names the process
        });
    }

    /**
     * Whether a process has exited. pg_ctl daemonizes the postmaster, so it is not our child: when it exits, whoever
     * it was reparented to must reap it, and in containers whose init does not reap, it stays a zombie ("Z" in
     * /proc/PID/stat) — exited, holding no port, memory or files.
     */
    static boolean exited(long pid) {
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                int close = stat.lastIndexOf(')');
                return close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) == 'Z';
            } catch (IOException e) {
                return true; // gone between the two looks
            }
        }
        return true;
    }

    private Optional<ProcessHandle> postmaster() {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
            return lines.isEmpty() ? Optional.empty() : ProcessHandle.of(Long.parseLong(lines.get(0).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
