package io.castellan.server.audit.sink;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.server.api.ApiCall;
import io.castellan.server.api.ApiRegistry;
import io.castellan.server.api.ApiRegistry.Access;
import io.castellan.server.api.Caller;
import io.castellan.server.api.FieldErrors;
import io.castellan.server.api.Requests;
import io.castellan.server.api.Responses;
import java.util.Optional;

/**
 * The administrators' sink commands: {@code audit_sink_add}, {@code audit_sink_list}, {@code audit_sink_test} and
 * {@code audit_sink_remove} (docs/api.md). Secrets go in, never out.
 */
public final class SinkCommands {

    private final SinkService sinks;
    private final Runnable changed;

    /** @param changed told after a change (the delivery engine re-reads the configuration at once) */
    public SinkCommands(SinkService sinks, Runnable changed) {
        this.sinks = sinks;
        this.changed = changed;
    }

    public void register(ApiRegistry registry) {
        registry.register("audit_sink_add", Access.ADMIN, this::add);
        registry.register("audit_sink_list", Access.ADMIN, call -> sinks.listResponse());
        registry.register("audit_sink_test", Access.ADMIN, this::test);
        registry.register("audit_sink_remove", Access.ADMIN, this::remove);
    }

    ObjectNode add(ApiCall call) {
        Caller admin = call.requireCaller();
        SinkSettings sink = SinkSettings.fromRequest(FieldErrors.body(call.body()));
        sinks.add(sink, admin.userUid(), call.sourceIp());
        changed.run();
        return sink.publicView();
    }

    ObjectNode test(ApiCall call) {
        Caller admin = call.requireCaller();
        Optional<String> error = sinks.test(Requests.text(FieldErrors.body(call.body()), "name"), admin.userUid());
        ObjectNode response = Responses.object().put("delivered", error.isEmpty());
        error.ifPresent(e -> response.put("error", e));
        return response;
    }

    ObjectNode remove(ApiCall call) {
        Caller admin = call.requireCaller();
        sinks.remove(Requests.text(FieldErrors.body(call.body()), "name"), admin.userUid(), call.sourceIp());
        changed.run();
        return Responses.empty();
    }
}
