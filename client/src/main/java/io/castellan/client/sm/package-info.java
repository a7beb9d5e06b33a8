/**
 * Secrets Manager applications, user side (the "Secrets Manager applications" section of {@code docs/api.md}):
 * the client half of {@code app_*} — application keys, grants of records and shared folders, one-time access
 * tokens for devices and gateways, and the pre-bind device configuration.
 *
 * <p>Key rules, all applied on the client: an application has its own 32-byte {@code appKey}; the owner keeps it
 * wrapped with the data key, members receive it sealed to their public key; a grant is the record or shared-folder
 * key wrapped with the {@code appKey}; a device receives the {@code appKey} wrapped with its one-time
 * {@code clientKey}. The server never sees {@code appKey} or {@code clientKey}.
 */
package io.castellan.client.sm;
