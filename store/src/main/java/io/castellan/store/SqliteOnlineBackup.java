package io.castellan.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.sqlite.SQLiteConfig;

/**
 * A consistent copy of the embedded SQLite store while a server may be writing to it: {@code VACUUM INTO} reads the
 * database in one read transaction (WAL mode lets the server keep writing meanwhile) and writes a compact,
 * self-contained file with no WAL of its own. The copy is what was committed when the read began.
 */
public final class SqliteOnlineBackup {

    private SqliteOnlineBackup() {
    }

    /**
     * Copies {@code database} to {@code target}, which must not exist yet.
     *
     * @throws StoreException {@code DATA_DIR} when the source is missing or the copy cannot be made
     */
    public static void copy(Path database, Path target) {
        if (!Files.isRegularFile(database)) {
            throw new StoreException(StoreException.Reason.DATA_DIR, "no SQLite store at " + database);
        }
        if (Files.exists(target)) {
            throw new StoreException(StoreException.Reason.DATA_DIR, target + " already exists");
        }
        SqliteIntegrityCheck.check(database);
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(SqliteDatabase.BUSY_TIMEOUT_MILLIS);
        try (Connection c = config.createConnection("jdbc:sqlite:" + database);
                PreparedStatement vacuum = c.prepareStatement("VACUUM INTO ?")) {
            vacuum.setString(1, target.toString());
            vacuum.execute();
        } catch (SQLException e) {
            throw new StoreException(StoreException.Reason.DATA_DIR, "cannot copy the SQLite store " + database
                    + " to " + target + ": " + e.getMessage(), e);
        }
        try {
            if (Files.size(target) == 0) {
                throw new StoreException(StoreException.Reason.DATA_DIR, "the copy of " + database + " is empty");
            }
        } catch (IOException e) {
            throw new StoreException(StoreException.Reason.DATA_DIR, "cannot read the copy " + target, e);
        }
    }
}
