package io.castellan.store;

import java.util.Optional;

/** Server-wide name/value settings, such as the product version that owns the schema. */
public final class SettingsRepository {

    private final Transactions tx;

    public SettingsRepository(Transactions tx) {
        this.tx = tx;
    }

    public Optional<String> get(String name) {
        return tx.read(h -> h.createQuery("SELECT value FROM server_settings WHERE name = :name")
                .bind("name", name)
                .mapTo(String.class)
                .findOne());
    }

    /**
     * Sets {@code name} to {@code value} unless it already has a value, and returns the value that holds afterwards:
     * when several server nodes race to initialise a setting, all of them end up using the same one.
     */
    public String putIfAbsent(String name, String value) {
        return tx.write(h -> {
            h.createUpdate("INSERT INTO server_settings (name, value) VALUES (:name, :value)"
                            + " ON CONFLICT (name) DO NOTHING")
                    .bind("name", name)
                    .bind("value", value)
                    .execute();
            return get(name).orElseThrow();
        });
    }

    /** Sets {@code name} to {@code value}, replacing any earlier value. */
    public void put(String name, String value) {
        tx.write(h -> h.createUpdate("INSERT INTO server_settings (name, value) VALUES (:name, :value)"
                        + " ON CONFLICT (name) DO UPDATE SET value = excluded.value")
                .bind("name", name)
                .bind("value", value)
                .execute());
    }
}
