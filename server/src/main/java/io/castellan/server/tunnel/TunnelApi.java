package io.castellan.server.tunnel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.tunnel.TunnelProtocol;
import io.castellan.server.api.ApiCall;
import io.castellan.server.api.ApiRegistry;
import io.castellan.server.api.Caller;
import io.castellan.server.api.Responses;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The tunnel commands of the user API (docs/api.md, "Tunnels"): {@code tunnel_open}, {@code tunnel_list},
 * {@code tunnel_close}, {@code tunnel_edit}.
 */
public final class TunnelApi {

    /** The commands registered, in the order of docs/api.md. */
    public static final List<String> COMMANDS = List.of("tunnel_open", "tunnel_list", "tunnel_close",
            "tunnel_edit");
    private static final Pattern UID = Pattern.compile("[A-Za-z0-9_-]{16,64}");

    private TunnelApi() {
    }

    public static void register(ApiRegistry registry, TunnelRelay relay) {
        registry.register("tunnel_open", ApiRegistry.Access.SESSION, call -> open(relay, call));
        registry.register("tunnel_list", ApiRegistry.Access.SESSION, call -> list(relay, call));
        registry.register("tunnel_close", ApiRegistry.Access.SESSION, call -> close(relay, call));
        registry.register("tunnel_edit", ApiRegistry.Access.SESSION, call -> edit(relay, call));
    }

    private static ObjectNode open(TunnelRelay relay, ApiCall call) {
        Caller caller = call.requireCaller();
        TunnelRelay.Opened opened = relay.open(caller.userUid(), caller.admin(), uid(call.body(), "recordUid"),
                call.sourceIp());
        ObjectNode answer = Responses.object();
        answer.put("tunnelId", opened.tunnel().id);
        answer.put("token", opened.token());
        answer.put("jobId", opened.tunnel().jobId);
        answer.put("gatewayUid", opened.tunnel().gatewayUid);
        answer.put("gatewayKey", Responses.b64(opened.gatewayKey()));
        answer.put("connectPath", TunnelProtocol.CLIENT_PATH);
        return answer;
    }

    private static ObjectNode list(TunnelRelay relay, ApiCall call) {
        Caller caller = call.requireCaller();
        ObjectNode answer = Responses.object();
        ArrayNode items = answer.putArray("tunnels");
        for (RelayedTunnel t : relay.of(caller.userUid())) {
            items.addObject().put("tunnelId", t.id).put("recordUid", t.recordUid).put("gatewayUid", t.gatewayUid)
                    .put("openedAt", t.openedAt.toString()).put("connected", t.connected())
                    .put("bytesUp", t.totalUp()).put("bytesDown", t.totalDown())
                    .put("path", t.direct() ? "direct" : "relay");
        }
        return answer;
    }

    private static ObjectNode close(TunnelRelay relay, ApiCall call) {
        Caller caller = call.requireCaller();
        String id = uid(call.body(), "tunnelId");
        RelayedTunnel t = relay.tunnel(id).filter(x -> x.userUid.equals(caller.userUid()) || caller.admin())
                .orElseThrow(() -> new CastellanException(ErrorCode.NOT_FOUND, "tunnelId: no such tunnel of yours on"
                        + " this server", Map.of(CastellanException.DETAIL_FIELD, "tunnelId"), null));
        relay.end(t, "stopped by user " + caller.userUid());
        return Responses.object().put("tunnelId", id);
    }

    private static ObjectNode edit(TunnelRelay relay, ApiCall call) {
        Caller caller = call.requireCaller();
        String uid = uid(call.body(), "recordUid");
        JsonNode v = call.body().get("tunneling");
        if (v == null || !v.isBoolean()) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "tunneling is required (true or false)",
                    Map.of(CastellanException.DETAIL_FIELD, "tunneling"), null);
        }
        relay.settings.setTunneling(caller.userUid(), caller.admin(), uid, v.booleanValue(), call.sourceIp());
        return Responses.object().put("recordUid", uid).put("tunneling", v.booleanValue());
    }

    private static String uid(JsonNode body, String field) {
        JsonNode v = body == null ? null : body.get(field);
        if (v == null || !v.isTextual()) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, field + " is required (a UID)",
                    Map.of(CastellanException.DETAIL_FIELD, field), null);
        }
        if (!UID.matcher(v.textValue()).matches()) {
            throw new CastellanException(ErrorCode.VALIDATION_FAILED, field + " is not a UID",
                    Map.of(CastellanException.DETAIL_FIELD, field), null);
        }
        return v.textValue();
    }
}
