/**
 * The gateway's side of tunnels (docs/tunnels.md): the {@code tunnel-open} job joins the tunnel's relay socket,
 * answers the CLI's key agreement, offers its direct port when {@code --tunnel-listen} opened one
 * ({@link io.castellan.gateway.tunnel.DirectTunnels}), and connects each stream the CLI opens to the record's target
 * over TCP.
 */
package io.castellan.gateway.tunnel;
