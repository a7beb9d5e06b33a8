package io.castellan.cli.e2e;

import io.castellan.testkit.CanaryScanner;
import io.castellan.testkit.CanaryScanner.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** The vault end to end on the embedded SQLite store: everything the server keeps is in its data directory. */
class SqliteVaultEndToEndTest extends VaultEndToEndTest {

    @Override
    protected String createDatabase() {
        return null;
    }

    @Override
    protected void dropDatabase() {
        // nothing outside the data directory
    }

    @Override
    protected long queryLong(String sql, String... parameters) throws Exception {
        Path db = dataDir().resolve("castellan.db");
        if (!Files.exists(db)) {
            throw new IllegalStateException("no SQLite store at " + db);
        }
        Properties readOnly = new Properties();
        readOnly.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY: never write to the server's store
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db, readOnly);
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
        return List.of("castellan.db", "castellan.db-wal", "castellan.db-shm");
    }

    @Override
    protected Report scanStoreOutsideDataDir(CanaryScanner scanner) {
        return new Report(List.of(), Map.of());
    }
}
