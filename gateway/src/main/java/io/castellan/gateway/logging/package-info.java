/**
 * The gateway's logging: a rolling log file and optional standard output, configured in code, with every line
 * passed through the {@link io.castellan.gateway.logging.SecretScrubber} so that no secret the gateway fetched is
 * ever written.
 */
package io.castellan.gateway.logging;
