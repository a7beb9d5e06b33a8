/**
 * The tunnel relay (docs/tunnels.md): {@code tunnel_open} checks the caller's right to tunnel to a resource and asks
 * its gateway (a {@code tunnel-open} job) to join; the CLI and the gateway each open a WebSocket to this node and the
 * relay pipes their binary messages to each other without opening them (they are sealed end to end). Revoking the
 * caller's access closes the tunnel within a sweep (1 s).
 */
package io.castellan.server.tunnel;
