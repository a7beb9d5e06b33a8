package io.castellan.server.audit.alert;

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
 * The administrators' alert commands: {@code alert_add} (with {@code "replace": true}, an edit of an existing rule),
 * {@code alert_list}, {@code alert_test} and {@code alert_remove} (docs/api.md). Secrets go in, never out.
 */
final class AlertCommands {

    private final AlertService alerts;
    private final Runnable changed;

    AlertCommands(AlertService alerts, Runnable changed) {
        this.alerts = alerts;
        this.changed = changed;
    }

    void register(ApiRegistry registry) {
        registry.register("alert_add", Access.ADMIN, this::add);
        registry.register("alert_list", Access.ADMIN, call -> {
            ObjectNode response = Responses.object();
            alerts.list().forEach(response.putArray("rules")::add);
            return response;
        });
        registry.register("alert_test", Access.ADMIN, this::test);
        registry.register("alert_remove", Access.ADMIN, this::remove);
    }

    ObjectNode add(ApiCall call) {
        Caller admin = call.requireCaller();
        ObjectNode body = FieldErrors.body(call.body());
        boolean replace = body.has("replace") && Requests.flag(body, "replace");
        body.remove("replace");
        ObjectNode view = alerts.add(body, replace, admin.userUid(), call.sourceIp());
        changed.run();
        return view;
    }

    ObjectNode test(ApiCall call) {
        Caller admin = call.requireCaller();
        Optional<String> error = alerts.test(Requests.text(FieldErrors.body(call.body()), "name"), admin.userUid());
        ObjectNode response = Responses.object().put("delivered", error.isEmpty());
        error.ifPresent(e -> response.put("error", e));
        return response;
    }

    ObjectNode remove(ApiCall call) {
        Caller admin = call.requireCaller();
        alerts.remove(Requests.text(FieldErrors.body(call.body()), "name"), admin.userUid(), call.sourceIp());
        changed.run();
        return Responses.empty();
    }
}
