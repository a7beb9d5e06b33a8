/**
 * The vault commands of the user API: records (with optimistic concurrency and history), user and shared folders,
 * direct shares with expiry, shared-folder membership, record links and attachments, and {@code sync_down}. The
 * server stores ciphertext and wrapped keys it cannot open and enforces access; {@link
 * io.castellan.server.vault.VaultApi#register} is the entry point, {@link io.castellan.server.vault.VaultMaintenance}
 * the expired-share sweeper.
 */
package io.castellan.server.vault;
