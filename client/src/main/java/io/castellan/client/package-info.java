/**
 * Castellan's user-side vault client: everything the CLI (and later other Java clients) needs to talk to the
 * user API of {@code docs/api.md} without the server ever seeing a key or a plaintext.
 *
 * <ul>
 *   <li>{@link io.castellan.client.keys}: the account's keys, derived from the master password;</li>
 *   <li>{@link io.castellan.client.crypto}: record, folder and attachment encryption and key wrapping;</li>
 *   <li>{@link io.castellan.client.transport}: the encrypted envelope over HTTPS with certificate pinning;</li>
 *   <li>{@link io.castellan.client.config}: the CLI's config file (never a password or a plaintext key);</li>
 *   <li>{@link io.castellan.client.vault}: the decrypted, in-memory view of what the user can see;</li>
 *   <li>{@link io.castellan.client.api}: the commands of the API as typed operations;</li>
 *   <li>{@link io.castellan.client.sm}: Secrets Manager applications, grants and one-time device tokens;</li>
 *   <li>{@link io.castellan.client.VaultClient}: the entry point that ties them together.</li>
 * </ul>
 */
package io.castellan.client;
