/**
 * Backup and restore of a server's data directory ({@code castellan server backup|restore}, docs/operations.md): a
 * single archive with a consistent copy of the embedded SQLite store and the data directory's key material (TLS,
 * transmission keys, at-rest key). It never holds vault plaintext — the store holds only what clients encrypted —
 * but the keys in it are server secrets.
 */
package io.castellan.server.backup;
