/**
 * The CLI's side of tunnels (docs/tunnels.md): {@code tunnel_open}/{@code tunnel_list}/{@code tunnel_close}, the
 * relay socket, the key agreement with the gateway, and the local listening port whose connections become streams.
 */
package io.castellan.client.tunnel;
