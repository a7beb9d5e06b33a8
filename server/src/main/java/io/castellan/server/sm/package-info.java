/**
 * Secrets Manager applications on the user API (docs/api.md, "Secrets Manager applications (user side)"):
 * applications, their members, grants of records and shared folders, and their clients (devices and gateways). The
 * server stores the wrapped keys and enforces who manages what; it never holds an app key or a one-time token.
 * {@link io.castellan.server.sm.SecretsManagerApi#register} is the entry point; the device side is
 * {@code io.castellan.server.device}.
 */
package io.castellan.server.sm;
