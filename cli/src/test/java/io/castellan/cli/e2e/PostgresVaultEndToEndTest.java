package io.castellan.cli.e2e;

import io.castellan.testkit.CanaryScanner;
import io.castellan.testkit.CanaryScanner.Report;
import io.castellan.testkit.PgDump;
import io.castellan.testkit.PostgresTestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;

/**
 * The vault end to end on PostgreSQL (a throwaway database): the scan also reads {@code pg_dump} of the database,
 * data and schema, where {@code bytea} columns appear in hex.
 */
class PostgresVaultEndToEndTest extends VaultEndToEndTest {

    private PostgresTestDatabase database;

    @Override
    protected String createDatabase() {
        database = PostgresTestDatabase.create();
        return database.jdbcUrl();
    }

    @Override
    protected void dropDatabase() {
        if (database != null) {
            database.close();
        }
    }

    @Override
    protected long queryLong(String sql, String... parameters) throws Exception {
        try (Connection c = DriverManager.getConnection(database.jdbcUrl());
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setString(i + 1, parameters[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    @Override
    protected List<String> liveStoreFiles() {
        return List.of(); // the store is in PostgreSQL: see scanStoreOutsideDataDir
    }

    @Override
    protected Report scanStoreOutsideDataDir(CanaryScanner scanner) {
        byte[] data = PgDump.dump(database.jdbcUrl(), "--data-only");
        String text = new String(data, StandardCharsets.UTF_8);
        if (!text.contains("COPY public.records ") || !text.contains("COPY public.audit_events ")) {
            throw new AssertionError("the data dump holds no vault tables; is it the server's database?\n"
                    + text.substring(0, Math.min(2000, text.length())));
        }
        byte[] schema = PgDump.dump(database.jdbcUrl(), "--schema-only");
        return scanner.scan("pg_dump --data-only " + database.name(), data)
                .plus(scanner.scan("pg_dump --schema-only " + database.name(), schema));
    }
}
