/**
 * The Router: the server side of gateway connectivity. Gateways open a WebSocket to
 * {@link io.castellan.model.gateway.GatewayProtocol#CONNECT_PATH} on the HTTPS listener and authenticate by signing a
 * fresh challenge with their device key ({@link io.castellan.server.router.HelloVerifier}); the node keeps the socket
 * ({@link io.castellan.server.router.ConnectionRegistry}), pings it, and records in the store which node holds it.
 * {@link io.castellan.server.router.JobService} is the Java API other packages call to run commands on gateways;
 * a command reaching a node that does not hold the socket is forwarded through PostgreSQL LISTEN/NOTIFY
 * ({@link io.castellan.server.router.NodeBus}). Described in {@code docs/gateway-protocol.md}.
 */
package io.castellan.server.router;
