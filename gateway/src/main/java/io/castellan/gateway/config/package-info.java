/**
 * The gateway's configuration: where it is found ({@code --config-file}, {@code GATEWAY_CONFIG}, the default
 * file), the permission rule for files, and the identity and trust read from it. The format is the SDK's device
 * configuration ({@code io.castellan.sdk.config.ClientConfigCodec}) plus the pinned TLS fingerprint.
 */
package io.castellan.gateway.config;
