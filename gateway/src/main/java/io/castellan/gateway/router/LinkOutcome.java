package io.castellan.gateway.router;

import io.castellan.model.gateway.Refused;

/**
 * How one socket ended.
 *
 * @param authenticated whether the server welcomed the gateway on it (resets the backoff)
 * @param refusal       the server's refusal, or null
 * @param reason        a short phrase for the log (never frame content)
 */
record LinkOutcome(boolean authenticated, Refused refusal, String reason) {
}
