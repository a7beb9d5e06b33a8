/**
 * The device side of the Keeper-compatible wire protocol: TLS trust, server keys, the sealed and signed envelope,
 * error mapping and retries. Used by {@link io.castellan.sdk.SecretsManager}; {@link io.castellan.sdk.transport.TlsTrust}
 * is the part applications configure.
 */
package io.castellan.sdk.transport;
