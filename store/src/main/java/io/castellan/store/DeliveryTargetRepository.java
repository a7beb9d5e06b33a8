package io.castellan.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The rows of {@code audit_sinks} or {@code alert_rules} (one repository per table): add, list, find, replace,
 * remove. Secret settings arrive sealed; this layer never sees them in the clear.
 */
public final class DeliveryTargetRepository {

    private final Transactions tx;
    private final boolean alerts;

    private DeliveryTargetRepository(Transactions tx, boolean alerts) {
        this.tx = tx;
        this.alerts = alerts;
    }

    /** The export sinks. */
    public static DeliveryTargetRepository sinks(Transactions tx) {
        return new DeliveryTargetRepository(tx, false);
    }

    /** The alert rules. */
    public static DeliveryTargetRepository alertRules(Transactions tx) {
        return new DeliveryTargetRepository(tx, true);
    }

    private String table() {
        return alerts ? "alert_rules" : "audit_sinks";
    }

    private String kindColumn() {
        return alerts ? "channel" : "sink_type";
    }

    private String columns() {
        return "name, " + kindColumn() + ", settings_json, secret_sealed, created_at"
                + (alerts ? ", event_types, filters_json" : "");
    }

    /** Inserts {@code t}; false when the name is taken. */
    public boolean insert(DeliveryTarget t) {
        return tx.write(h -> {
            if (h.createQuery("SELECT COUNT(*) FROM " + table() + " WHERE name = :name").bind("name", t.name())
                    .mapTo(Long.class).one() > 0) {
                return false;
            }
            var update = h.createUpdate("INSERT INTO " + table() + " (" + columns() + ") VALUES (:name, :kind,"
                            + " :settings, :secret, :at" + (alerts ? ", :types, :filters" : "") + ")")
                    .bind("name", t.name()).bind("kind", t.kind()).bind("settings", t.settingsJson())
                    .bind("secret", t.secretSealed().orElse(null)).bind("at", t.createdAt().toEpochMilli());
            if (alerts) {
                update.bind("types", String.join(",", t.eventTypes())).bind("filters", t.filtersJson());
            }
            update.execute();
            return true;
        });
    }

    /** Replaces the row of the same name (an edit); false when there is none. */
    public boolean replace(DeliveryTarget t) {
        return tx.write(h -> h.createUpdate("DELETE FROM " + table() + " WHERE name = :name").bind("name", t.name())
                .execute() == 1 && insert(t));
    }

    /** Every row, by name. */
    public List<DeliveryTarget> list() {
        return tx.read(h -> h.createQuery("SELECT " + columns() + " FROM " + table() + " ORDER BY name")
                .map(this::map).list());
    }

    /** The row named {@code name}. */
    public Optional<DeliveryTarget> find(String name) {
        return tx.read(h -> h.createQuery("SELECT " + columns() + " FROM " + table() + " WHERE name = :name")
                .bind("name", name).map(this::map).findOne());
    }

    /** Removes the row; false when there was none. */
    public boolean delete(String name) {
        return tx.write(h -> h.createUpdate("DELETE FROM " + table() + " WHERE name = :name").bind("name", name)
                .execute() == 1);
    }

    private DeliveryTarget map(ResultSet rs, StatementContext ctx) throws SQLException {
        String types = alerts ? rs.getString("event_types") : "";
        return new DeliveryTarget(rs.getString("name"), rs.getString(kindColumn()), rs.getString("settings_json"),
                Optional.ofNullable(rs.getBytes("secret_sealed")),
                types.isEmpty() ? List.of() : Arrays.asList(types.split(",")),
                alerts ? rs.getString("filters_json") : "{}", Instant.ofEpochMilli(rs.getLong("created_at")));
    }
}
