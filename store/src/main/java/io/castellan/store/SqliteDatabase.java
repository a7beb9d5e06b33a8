package io.castellan.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Opens the embedded SQLite database {@code <dataDir>/castellan.db}: creates the data directory (mode 0700), refuses
 * a corrupt file, migrates, and builds the pools.
 *
 * <p>Connection settings are xerial {@link SQLiteConfig} properties, applied by the driver to every new connection:
 * WAL journal, {@code busy_timeout}, {@code synchronous=NORMAL}, {@code foreign_keys=ON}. (A Hikari
 * {@code connectionInitSql} would not do: xerial runs only the first statement of it.) The single writer connection
 * starts every transaction with {@code BEGIN IMMEDIATE}, so a write never upgrades a read lock half way and never
 * meets {@code SQLITE_BUSY} from another writer of this process.
 */
final class SqliteDatabase {

    /** How long a connection waits for a lock held by another connection (checkpoints, other processes). */
    static final int BUSY_TIMEOUT_MILLIS = 30_000;
    private static final int READ_POOL_SIZE = 4;

    private SqliteDatabase() {
    }

    /** Opens, checks and migrates the database file of {@code config}; the caller owns the returned pools. */
    static Pools open(StoreConfig config) {
        createDataDir(config.dataDir());
        Path file = config.sqliteFile();
        createOwnerOnly(file);
        SqliteIntegrityCheck.check(file);
        Migrations.migrate(unpooled(file), Dialect.SQLITE, null);
        HikariDataSource writer = pool(file, "castellan-store-sqlite-writer", 1, true);
        try {
            return new Pools(writer, pool(file, "castellan-store-sqlite-reader", READ_POOL_SIZE, false));
        } catch (RuntimeException e) {
            writer.close();
            throw e;
        }
    }

    /** The settings every connection to the file gets; the writer additionally begins transactions IMMEDIATE. */
    static SQLiteConfig connectionConfig(boolean writer) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.enforceForeignKeys(true);
        if (writer) {
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        }
        return config;
    }

    private static SQLiteDataSource unpooled(Path file) {
        SQLiteDataSource ds = new SQLiteDataSource(connectionConfig(true));
        ds.setUrl("jdbc:sqlite:" + file);
        return ds;
    }

    private static HikariDataSource pool(Path file, String name, int size, boolean writer) {
        SQLiteDataSource ds = new SQLiteDataSource(connectionConfig(writer));
        ds.setUrl("jdbc:sqlite:" + file);
        HikariConfig hc = new HikariConfig();
        hc.setPoolName(name);
        hc.setDataSource(ds);
        hc.setMaximumPoolSize(size);
        hc.setMinimumIdle(size);
        // Writers queue for the single connection; give a burst of them time rather than failing.
        hc.setConnectionTimeout(BUSY_TIMEOUT_MILLIS);
        return new HikariDataSource(hc);
    }

    private static void createDataDir(Path dir) {
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException e) {
            throw new StoreException(StoreException.Reason.DATA_DIR,
                    "data directory " + dir + " exists but is not a directory; move it aside or choose another");
        } catch (UnsupportedOperationException e) {
            try {
                Files.createDirectories(dir); // not a POSIX file system: rely on the parent's permissions
            } catch (IOException io) {
                throw cannotCreate(dir, io);
            }
        } catch (IOException e) {
            throw cannotCreate(dir, e);
        }
    }

    /**
     * Creates an empty database file readable by its owner only, before SQLite first opens it: SQLite gives the -wal
     * and -shm files the database file's permissions, so all three stay private even under a lax umask.
     */
    private static void createOwnerOnly(Path file) {
        if (Files.exists(file)) {
            return;
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            // another process created it first; its permissions are its own choice
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: SQLite creates the file itself
        } catch (IOException e) {
            throw cannotCreate(file, e);
        }
    }

    private static StoreException cannotCreate(Path dir, IOException e) {
        return new StoreException(StoreException.Reason.DATA_DIR, "cannot create data directory " + dir + ": " + e
                + "; check that the parent exists and is writable by this user", e);
    }
}
