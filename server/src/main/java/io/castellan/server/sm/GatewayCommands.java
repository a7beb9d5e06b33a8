package io.castellan.server.sm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.crypto.Uids;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.gateway.CommandType;
import io.castellan.server.api.ApiCall;
import io.castellan.server.api.Caller;
import io.castellan.server.router.GatewayAuditEvents;
import io.castellan.server.router.JobRequest;
import io.castellan.server.router.RouterNode;
import io.castellan.store.DeviceKind;
import io.castellan.store.GatewayRepository;
import io.castellan.store.JobRepository;
import io.castellan.store.StoredGateway;
import io.castellan.store.StoredJob;
import io.castellan.store.VisibleApplication;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code gateway_add}, {@code gateway_list}, {@code gateway_remove}, {@code gateway_info}, {@code job_info}: gateways
 * are Secrets Manager clients of kind gateway with a name and UID, managed by their application's owner and admins
 * and seen by its viewers.
 */
final class GatewayCommands {

    /** How long gateway_info waits for the gateway's answer. */
    static final Duration INFO_WAIT = Duration.ofSeconds(10);

    private final SmContext sm;
    private final ClientCommands clients;
    private final GatewayRepository gateways;
    private final JobRepository jobs;
    private final RouterNode router;

    GatewayCommands(SmContext sm, ClientCommands clients, RouterNode router) {
        this.sm = sm;
        this.clients = clients;
        this.router = router;
        this.gateways = new GatewayRepository(sm.store.transactions(), sm.clock);
        this.jobs = new JobRepository(sm.store.transactions(), sm.clock);
    }

    /**
     * {@code gateway_add}: {@code appUid, clientId, encryptedAppKey, name, lockIp?, firstAccessExpiresAt?,
     * accessExpiresAt?} → {@code gatewayUid}. The one-time token stays with the caller (the client id derives from
     * it); this is {@code app_client_add} with kind gateway plus the gateway row, in one transaction.
     */
    ObjectNode add(ApiCall call) {
        Caller caller = call.requireCaller();
        JsonNode body = Fields.body(call.body());
        if (Fields.optionalText(body, "name", ClientCommands.MAX_NAME_LENGTH).isEmpty()) {
            throw Fields.bad("name", "is required");
        }
        ClientCommands.NewClient client = clients.parse(body, Optional.of(DeviceKind.GATEWAY));
        String uid = Uids.newUid();
        return sm.store.write(h -> {
            clients.insert(call, caller, client);
            if (gateways.listByApp(client.appUid()).stream().anyMatch(g -> g.name().equals(client.name()))) {
                throw new CastellanException(ErrorCode.CONFLICT, "the application already has a gateway with that"
                        + " name", Map.of(CastellanException.DETAIL_FIELD, "name"), null);
            }
            gateways.insert(uid, client.clientId(), client.appUid(), client.name(), caller.userUid());
            sm.audited(GatewayAuditEvents.GATEWAY_ADDED, call, List.of(client.appUid(), uid),
                    Map.of("name", client.name()));
            ObjectNode response = AppEntries.empty();
            response.put("gatewayUid", uid);
            return response;
        });
    }

    /** {@code gateway_list}: {@code appUid?} → {@code gateways[]} of the applications the caller sees. */
    ObjectNode list(ApiCall call) {
        Caller caller = call.requireCaller();
        Optional<String> appUid = Fields.optionalUid(Fields.body(call.body()), "appUid");
        List<String> apps = appUid.isPresent() ? List.of(sm.visible(caller, appUid.get()).app().uid())
                : sm.apps.listVisible(caller.userUid()).stream().map(v -> v.app().uid()).toList();
        ObjectNode response = AppEntries.empty();
        ArrayNode list = response.putArray("gateways");
        for (String app : apps) {
            for (StoredGateway g : gateways.listByApp(app)) {
                list.add(GatewayEntries.gateway(g, router.liveConnection(g.uid())));
            }
        }
        return response;
    }

    /**
     * {@code gateway_remove}: {@code gateway} (UID or name) → {@code gatewayUid}. Removes the gateway's device (so
     * it can no longer authenticate anywhere) and closes its socket at once, on whichever node holds it.
     */
    ObjectNode remove(ApiCall call) {
        Caller caller = call.requireCaller();
        String ref = gatewayRef(Fields.body(call.body()));
        StoredGateway removed = sm.store.write(h -> {
            StoredGateway g = find(caller, ref);
            sm.managed(caller, g.appUid());
            sm.devices.delete(g.clientId());
            sm.audited(GatewayAuditEvents.GATEWAY_REMOVED, call, List.of(g.appUid(), g.uid()),
                    Map.of("name", g.name()));
            return g;
        });
        router.disconnect(removed.uid());
        ObjectNode response = AppEntries.empty();
        response.put("gatewayUid", removed.uid());
        return response;
    }

    /**
     * {@code gateway_info}: {@code gateway} → the finished {@code gateway-info} job (its details: version,
     * uptimeSeconds, runningJobs), asked live; {@code gateway_offline} at once when the gateway is not connected,
     * {@code timeout} when it does not answer within 10 s.
     */
    ObjectNode info(ApiCall call) {
        Caller caller = call.requireCaller();
        StoredGateway g = sm.store.read(h -> find(caller, gatewayRef(Fields.body(call.body()))));
        StoredJob job = router.jobs().submit(new JobRequest(g.uid(), CommandType.GATEWAY_INFO, List.of(), Map.of(),
                INFO_WAIT, true, caller.userUid()));
        StoredJob done;
        try {
            done = router.jobs().await(job.id(), INFO_WAIT.plusSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CastellanException(ErrorCode.UNAVAILABLE, "the server is stopping");
        }
        if (!done.state().terminal()) {
            throw new CastellanException(ErrorCode.TIMEOUT, "gateway '" + g.name() + "' did not answer within "
                    + INFO_WAIT.toSeconds() + " s (job " + job.id() + ")");
        }
        ObjectNode response = AppEntries.empty();
        response.set("job", GatewayEntries.job(done));
        response.set("gateway", GatewayEntries.gateway(g, router.liveConnection(g.uid())));
        return response;
    }

    /** {@code job_info}: {@code jobId} → {@code job}; for the users who see the job's gateway's application. */
    ObjectNode jobInfo(ApiCall call) {
        Caller caller = call.requireCaller();
        String jobId = Fields.uid(Fields.body(call.body()), "jobId");
        StoredJob job = jobs.get(jobId).orElseThrow(() -> new CastellanException(ErrorCode.NOT_FOUND, "no such job"));
        StoredGateway g = gateways.get(job.gatewayUid())
                .orElseThrow(() -> new CastellanException(ErrorCode.NOT_FOUND, "no such job"));
        if (sm.apps.visible(g.appUid(), caller.userUid()).isEmpty()) {
            throw new CastellanException(ErrorCode.NOT_FOUND, "no such job");
        }
        ObjectNode response = AppEntries.empty();
        response.set("job", GatewayEntries.job(job));
        return response;
    }

    private static String gatewayRef(JsonNode body) {
        return Fields.optionalText(body, "gateway", ClientCommands.MAX_NAME_LENGTH)
                .orElseThrow(() -> Fields.bad("gateway", "is required (a gateway UID or name)"));
    }

    /** The gateway the caller sees by UID, else by name (a name several visible gateways share is refused). */
    private StoredGateway find(Caller caller, String ref) {
        Optional<StoredGateway> byUid = Uids.isValid(ref) ? gateways.get(ref) : Optional.empty();
        if (byUid.isPresent() && sm.apps.visible(byUid.get().appUid(), caller.userUid()).isPresent()) {
            return byUid.get();
        }
        List<StoredGateway> named = sm.apps.listVisible(caller.userUid()).stream()
                .map(VisibleApplication::app)
                .flatMap(app -> gateways.listByApp(app.uid()).stream())
                .filter(g -> g.name().equals(ref))
                .toList();
        if (named.isEmpty()) {
            throw new CastellanException(ErrorCode.NOT_FOUND, "no such gateway",
                    Map.of(CastellanException.DETAIL_FIELD, "gateway"), null);
        }
        if (named.size() > 1) {
            throw new CastellanException(ErrorCode.CONFLICT, "several gateways have that name; use the gateway UID",
                    Map.of(CastellanException.DETAIL_FIELD, "gateway"), null);
        }
        return named.get(0);
    }
}
