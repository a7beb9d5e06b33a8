package io.castellan.server.sm;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.store.GatewayConnection;
import io.castellan.store.StoredGateway;
import io.castellan.store.StoredJob;
import java.util.Optional;

/** The JSON shapes of the gateway and job responses (docs/api.md); times in epoch milliseconds. */
final class GatewayEntries {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private GatewayEntries() {
    }

    /**
     * {@code uid, name, appUid, createdAt, online, lastSeenAt?} and, when online, {@code node, version,
     * connectedAt, startedAt, remoteAddress?}.
     */
    static ObjectNode gateway(StoredGateway g, Optional<GatewayConnection> live) {
        ObjectNode entry = NODES.objectNode();
        entry.put("uid", g.uid());
        entry.put("name", g.name());
        entry.put("appUid", g.appUid());
        entry.put("createdAt", g.createdAt().toEpochMilli());
        entry.put("online", live.isPresent());
        g.lastSeenAt().ifPresent(t -> entry.put("lastSeenAt", t.toEpochMilli()));
        live.ifPresent(c -> {
            entry.put("node", c.nodeId());
            entry.put("version", c.version());
            entry.put("connectedAt", c.connectedAt().toEpochMilli());
            entry.put("startedAt", c.startedAt().toEpochMilli());
            c.remoteAddress().ifPresent(a -> entry.put("remoteAddress", a));
        });
        return entry;
    }

    /**
     * {@code jobId, gatewayUid, command, recordUids[], state, summary?, details{}, requestedBy, onDemand, createdAt,
     * updatedAt, deadline?}.
     */
    static ObjectNode job(StoredJob j) {
        ObjectNode entry = NODES.objectNode();
        entry.put("jobId", j.id());
        entry.put("gatewayUid", j.gatewayUid());
        entry.put("command", j.command());
        j.recordUids().forEach(entry.putArray("recordUids")::add);
        entry.put("state", j.state().name().toLowerCase(java.util.Locale.ROOT));
        j.summary().ifPresent(s -> entry.put("summary", s));
        ObjectNode details = entry.putObject("details");
        j.details().forEach(details::put);
        entry.put("requestedBy", j.requestedBy());
        entry.put("onDemand", j.onDemand());
        entry.put("createdAt", j.createdAt().toEpochMilli());
        entry.put("updatedAt", j.updatedAt().toEpochMilli());
        j.deadline().ifPresent(t -> entry.put("deadline", t.toEpochMilli()));
        return entry;
    }
}
