package io.castellan.store;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationVersion;

/**
 * Brings the schema up to date with Flyway, from the dialect's own folder ({@link Dialect#migrationLocation()}),
 * and refuses a database that a newer Castellan has already migrated further than this build knows.
 *
 * <p>The refusal is checked explicitly before Flyway runs, and Flyway itself is also configured strictly
 * ({@code ignoreMigrationPatterns} empty): its default since version 10 ({@code *:future}) would silently accept a
 * newer schema and let an old build write rows the new schema may not expect.
 */
final class Migrations {

    /** Flyway's history table; named explicitly so a Flyway default change cannot orphan it. */
    static final String HISTORY_TABLE = "flyway_schema_history";

    private Migrations() {
    }

    /**
     * Migrates the database behind {@code dataSource} to the newest version this build carries.
     *
     * @param jdbcUrl the URL the data source was built from, used only to scrub its password from messages; may be
     *                {@code null}
     */
    static void migrate(DataSource dataSource, Dialect dialect, String jdbcUrl) {
        Flyway flyway = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations(dialect.migrationLocation())
                .table(HISTORY_TABLE)
                .ignoreMigrationPatterns(new String[0])
                .failOnMissingLocations(true)
                .validateMigrationNaming(true)
                .cleanDisabled(true)
                .loggers("slf4j")
                .load();
        try {
            refuseNewerSchema(flyway.info());
            flyway.migrate();
        } catch (FlywayException e) {
            // The cause is attached only when the URL carries no password that a driver message might echo.
            throw new StoreException(StoreException.Reason.MIGRATION_FAILED, "schema migration failed: "
                    + JdbcUrls.scrub(e.getMessage(), jdbcUrl) + ". Each migration runs in a transaction, so the"
                    + " database is still at its last good version; fix the cause (or restore a backup) and start"
                    + " again.", JdbcUrls.passwordOf(jdbcUrl) == null ? e : null);
        }
    }

    private static void refuseNewerSchema(MigrationInfoService info) {
        MigrationVersion known = newest(Arrays.stream(info.all()).filter(i -> i.getState().isResolved()))
                .orElse(MigrationVersion.EMPTY);
        Optional<MigrationVersion> applied = newest(Arrays.stream(info.applied()));
        if (applied.isPresent() && applied.get().isNewerThan(known)) {
            throw new StoreException(StoreException.Reason.SCHEMA_TOO_NEW, "database schema version "
                    + applied.get() + " was written by a newer Castellan; this build knows up to version " + known
                    + "; nothing was changed — run the newer version or restore a backup");
        }
    }

    private static Optional<MigrationVersion> newest(Stream<MigrationInfo> migrations) {
        return migrations.map(MigrationInfo::getVersion).filter(Objects::nonNull).max(Comparator.naturalOrder());
    }
}
