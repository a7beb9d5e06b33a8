package io.castellan.client.tunnel;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.client.api.ApiSession;
import io.castellan.client.api.Wire;
import io.castellan.client.transport.ApiTransport;
import java.util.List;
import java.util.Objects;

/**
 * The tunnel commands of the user API: {@code tunnel_open}, {@code tunnel_list}, {@code tunnel_close},
 * {@code tunnel_edit}.
 */
public final class TunnelApi {

    private final ApiSession session;
    private final ApiTransport transport;

    public TunnelApi(ApiSession session, ApiTransport transport) {
        this.session = Objects.requireNonNull(session, "session");
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    /** {@code tunnel_open}: the server checks access and asks the gateway to join. */
    public TunnelTicket open(String recordUid) {
        JsonNode a = session.call("tunnel_open", Wire.object().put("recordUid", recordUid));
        return new TunnelTicket(Wire.text(a, "tunnelId"), Wire.text(a, "token"), Wire.text(a, "jobId"),
                Wire.text(a, "gatewayUid"), Wire.bytes(a, "gatewayKey"), Wire.text(a, "connectPath"));
    }

    /** {@code tunnel_list}: the caller's live tunnels on the server. */
    public List<JsonNode> list() {
        return Wire.array(session.call("tunnel_list", Wire.object()), "tunnels");
    }

    /** {@code tunnel_close}: the server closes both ends. */
    public void close(String tunnelId) {
        session.call("tunnel_close", Wire.object().put("tunnelId", tunnelId));
    }

    /** {@code tunnel_edit}: turns tunneling to a resource record on or off (server-side metadata). */
    public void setTunneling(String recordUid, boolean enabled) {
        session.call("tunnel_edit", Wire.object().put("recordUid", recordUid).put("tunneling", enabled));
    }

    /** @return the transport (server address and TLS trust) the relay socket uses */
    public ApiTransport transport() {
        return transport;
    }
}
