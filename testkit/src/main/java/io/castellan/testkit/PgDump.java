package io.castellan.testkit;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code pg_dump} (plain SQL format) on the database a PostgreSQL JDBC URL names, for tests that must look at
 * everything a server wrote: host, port, database, {@code user} and {@code password} come from the URL (the password
 * through {@code PGPASSWORD}, never the command line).
 */
public final class PgDump {

    private PgDump() {
    }

    /**
     * @param jdbcUrl {@code jdbc:postgresql://HOST[:PORT]/DB[?user=U&password=P...]}
     * @param options extra {@code pg_dump} options, e.g. {@code --data-only} or {@code --schema-only}
     * @return the dump's bytes
     * @throws IllegalStateException when {@code pg_dump} is missing or fails (with its error output)
     */
    public static byte[] dump(String jdbcUrl, String... options) {
        Target t = Target.parse(jdbcUrl);
        List<String> cmd = new ArrayList<>(List.of("pg_dump", "--no-password", "--host", t.host, "--port",
                Integer.toString(t.port), "--dbname", t.database));
        if (t.user != null) {
            cmd.add("--username");
            cmd.add(t.user);
        }
        cmd.addAll(List.of(options));
        try {
            Path err = Files.createTempFile("pg_dump", ".err");
            try {
                ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(err.toFile());
                if (t.password != null) {
                    pb.environment().put("PGPASSWORD", t.password);
                }
                Process p = pb.start();
                p.getOutputStream().close();
                byte[] out = p.getInputStream().readAllBytes();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("pg_dump did not finish within 60 s");
                }
                if (p.exitValue() != 0) {
                    throw new IllegalStateException("pg_dump of " + JdbcUrls.withoutSecrets(jdbcUrl) + " failed (exit "
                            + p.exitValue() + "): " + Files.readString(err).strip());
                }
                return out;
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run pg_dump (install the PostgreSQL client, e.g. apt-get install"
                    + " postgresql-client): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running pg_dump", e);
        }
    }

    /** Where a JDBC URL points. */
    record Target(String host, int port, String database, String user, String password) {

        static Target parse(String jdbcUrl) {
            String prefix = "jdbc:postgresql://";
            if (jdbcUrl == null || !jdbcUrl.startsWith(prefix)) {
                throw new IllegalArgumentException("not a jdbc:postgresql://HOST/DB URL: "
                        + (jdbcUrl == null ? null : JdbcUrls.withoutSecrets(jdbcUrl)));
            }
            String rest = jdbcUrl.substring(prefix.length());
            int q = rest.indexOf('?');
            String query = q < 0 ? "" : rest.substring(q + 1);
            String hostPath = q < 0 ? rest : rest.substring(0, q);
            int slash = hostPath.indexOf('/');
            String hostPort = slash < 0 ? hostPath : hostPath.substring(0, slash);
            String database = slash < 0 || slash == hostPath.length() - 1 ? "postgres" : hostPath.substring(slash + 1);
            String host = hostPort;
            int port = 5432;
            int colon = hostPort.lastIndexOf(':');
            if (colon > 0 && !hostPort.endsWith("]")) {
                host = hostPort.substring(0, colon);
                port = Integer.parseInt(hostPort.substring(colon + 1));
            }
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            Map<String, String> params = new LinkedHashMap<>();
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.put(key, value);
            }
            return new Target(host.isEmpty() ? "localhost" : host, port, database, params.get("user"),
                    params.get("password"));
        }

        @Override
        public String toString() {
            return "Target[" + host + ":" + port + "/" + database + " user=" + user + "]";
        }
    }
}
