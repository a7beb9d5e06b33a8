/**
 * Castellan's storage: the vault database on embedded SQLite (WAL, one writer) or PostgreSQL, migrated by Flyway
 * from per-dialect folders, with JDBI repositories that hold only ciphertext.
 *
 * <p>Start at {@link io.castellan.store.Store#open}; transactions are in {@link io.castellan.store.Transactions};
 * every failure the caller can act on is a {@link io.castellan.store.StoreException} with a reason.
 */
package io.castellan.store;
