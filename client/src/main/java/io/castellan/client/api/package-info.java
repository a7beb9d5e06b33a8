/**
 * The commands of {@code docs/api.md} as typed operations: accounts and sessions ({@link
 * io.castellan.client.api.AccountApi}, {@link io.castellan.client.api.SessionApi}), records, folders, sharing,
 * attachments and enterprise administration. Each operation does its own client-side crypto, so callers only ever
 * handle plaintext records and names; what goes on the wire is ciphertext, UIDs and flags.
 */
package io.castellan.client.api;
