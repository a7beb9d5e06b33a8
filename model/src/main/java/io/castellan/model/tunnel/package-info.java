/**
 * End-to-end encrypted TCP tunnels between the CLI and a gateway, relayed by the server or on the gateway's direct
 * path ({@link io.castellan.model.tunnel.DirectOffer}, {@link io.castellan.model.tunnel.SwitchableTransport};
 * docs/tunnels.md): the wire
 * messages the relay pipes without opening ({@link io.castellan.model.tunnel.WireMessage}), the frames sealed inside
 * them ({@link io.castellan.model.tunnel.Frame}), and the multiplexer both ends run
 * ({@link io.castellan.model.tunnel.TunnelMux}: streams, credit windows, half-close). No network code here: the ends
 * hand it a {@link io.castellan.model.tunnel.TunnelMux.Transport} and {@link io.castellan.model.tunnel.LocalEnd}s.
 */
package io.castellan.model.tunnel;
