package io.castellan.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Refuses to open a SQLite file that is not a database or is damaged, before anything writes to it. Runs
 * {@code PRAGMA quick_check} (O(size of the file), without the index-content cross-check of {@code integrity_check})
 * on a connection that sets no journal mode, so a refused file is left exactly as it was.
 */
final class SqliteIntegrityCheck {

    private static final int MAX_PROBLEMS_SHOWN = 3;

    private SqliteIntegrityCheck() {
    }

    /** Returns normally for a missing, empty or healthy file; throws {@link StoreException} otherwise. */
    static void check(Path file) {
        try {
            if (!Files.exists(file) || Files.size(file) == 0) {
                return;
            }
        } catch (IOException e) {
            throw new StoreException(StoreException.Reason.DATA_DIR, "cannot read " + file + ": " + e, e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(SqliteDatabase.BUSY_TIMEOUT_MILLIS);
        List<String> problems = new ArrayList<>();
        try (Connection c = config.createConnection("jdbc:sqlite:" + file);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA quick_check")) {
            while (rs.next()) {
                String line = rs.getString(1);
                if (!"ok".equals(line) && problems.size() < MAX_PROBLEMS_SHOWN) {
                    problems.add(line);
                }
            }
        } catch (SQLiteException e) {
            if (isCorruption(e.getResultCode())) {
                throw corrupt(file, e.getMessage(), e);
            }
            throw new StoreException(StoreException.Reason.DATA_DIR, "cannot open SQLite database " + file + ": "
                    + e.getMessage() + "; check the permissions of the data directory and the file", e);
        } catch (SQLException e) {
            throw new StoreException(StoreException.Reason.DATA_DIR,
                    "cannot open SQLite database " + file + ": " + e.getMessage(), e);
        }
        if (!problems.isEmpty()) {
            throw corrupt(file, "quick_check found: " + String.join("; ", problems), null);
        }
    }

    private static boolean isCorruption(SQLiteErrorCode code) {
        int primary = code.code & 0xff;
        return primary == SQLiteErrorCode.SQLITE_NOTADB.code || primary == SQLiteErrorCode.SQLITE_CORRUPT.code;
    }

    private static StoreException corrupt(Path file, String detail, Throwable cause) {
        return new StoreException(StoreException.Reason.CORRUPT, file + " is not a valid SQLite database (corrupt or"
                + " not a database file): " + detail + ". Nothing was changed. Restore it from a backup, or move it"
                + " aside to start with an empty vault.", cause);
    }
}
