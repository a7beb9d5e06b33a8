/**
 * The network side of a tunnel end, shared by the CLI and the gateway: the WebSocket to the server's relay, the direct
 * path's TCP connection ({@link io.castellan.sdk.tunnel.DirectLink}, dialled by the CLI with
 * {@link io.castellan.sdk.tunnel.DirectDialer}) and a TCP stream's socket ({@link io.castellan.sdk.tunnel.ChannelEnd},
 * which also takes writes that never block). The protocol itself (handshake, sealing, multiplexing) is pure and lives
 * in {@code io.castellan.model.tunnel}; see docs/tunnels.md.
 */
package io.castellan.sdk.tunnel;
