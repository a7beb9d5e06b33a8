/**
 * The Router protocol between the server and a gateway: JSON text frames over one outbound WebSocket the gateway
 * opens ({@code wss://HOST:PORT/api/gateway/v1/connect}). Described in {@code docs/gateway-protocol.md}.
 *
 * <p>No frame ever carries a secret: commands name a command type, record UIDs and a job id; results carry a state
 * and a summary the gateway has scrubbed. Secrets travel only through the Secrets Manager device API, encrypted end
 * to end between the vault's users and the gateway.
 */
package io.castellan.model.gateway;
