/**
 * The gateway's side of the Router protocol ({@link io.castellan.model.gateway}): one outbound WebSocket over TLS
 * to the server, authenticated by the device key, with heartbeats and reconnection.
 */
package io.castellan.gateway.router;
