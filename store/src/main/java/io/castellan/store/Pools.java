package io.castellan.store;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The connection pools of an open store. On SQLite {@code writer} has exactly one connection (every write goes
 * through it) and {@code reader} is a separate small pool; on PostgreSQL both are the same pool.
 */
record Pools(HikariDataSource writer, HikariDataSource reader) implements AutoCloseable {

    @Override
    public void close() {
        try {
            writer.close();
        } finally {
            if (reader != writer) {
                reader.close();
            }
        }
    }
}
