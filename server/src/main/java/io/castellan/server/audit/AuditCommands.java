package io.castellan.server.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.server.api.ApiCall;
import io.castellan.server.api.ApiFailures;
import io.castellan.server.api.ApiRegistry;
import io.castellan.server.api.ApiRegistry.Access;
import io.castellan.server.api.Caller;
import io.castellan.server.api.Requests;
import io.castellan.server.api.Responses;
import io.castellan.server.keys.TransmissionKey;
import io.castellan.server.keys.TransmissionKeys;
import io.castellan.store.AuditCheckpoint;
import io.castellan.store.AuditCheckpointRepository;
import io.castellan.store.AuditEvent;
import io.castellan.store.AuditEventRepository;
import io.castellan.store.AuditQuery;
import io.castellan.store.User;
import io.castellan.store.UserRepository;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The administrators' audit commands: {@code audit_export} (a page of events and the checkpoints among them; the
 * first page signs a checkpoint of the head, so an export always ends covered) and {@code audit_verify} (the whole
 * chain and every checkpoint, against this server's own keys) and {@code audit_report} (filtered events). Each is itself audited, fail closed.
 */
public final class AuditCommands {

    /** The most events one {@code audit_export} page holds. */
    public static final int MAX_PAGE = 1_000;
    /** The most events one {@code audit_report} answers. */
    public static final int MAX_REPORT = 10_000;

    private final AuditEventRepository events;
    private final AuditCheckpointRepository checkpoints;
    private final AuditCheckpointer checkpointer;
    private final TransmissionKeys keys;
    private final Audit audit;
    private final UserRepository users;

    public AuditCommands(AuditEventRepository events, AuditCheckpointRepository checkpoints,
            AuditCheckpointer checkpointer, TransmissionKeys keys, Audit audit, UserRepository users) {
        this.users = users;
        this.events = events;
        this.checkpoints = checkpoints;
        this.checkpointer = checkpointer;
        this.keys = keys;
        this.audit = audit;
    }

    public void register(ApiRegistry registry) {
        registry.register("audit_export", Access.ADMIN, this::export);
        registry.register("audit_verify", Access.ADMIN, this::verify);
        registry.register("audit_report", Access.ADMIN, this::report);
    }

    ObjectNode report(ApiCall call) {
        Caller admin = call.requireCaller();
        ObjectNode body = call.body();
        AuditQuery query = new AuditQuery(time(body, "since"), time(body, "until"), Requests.optionalText(body,
                "eventType"), Requests.optionalText(body, "user").map(this::userUid),
                Requests.optionalText(body, "record"), (int) longField(body, "limit", MAX_REPORT, 1, MAX_REPORT));
        Map<String, String> filters = new TreeMap<>();
        body.properties().forEach(f -> filters.put(f.getKey(), f.getValue().asText()));
        audit.record(AuditEventType.AUDIT_REPORTED, admin.userUid(), call.sourceIp(), List.of(admin.userUid()),
                Audit.SUCCESS, filters);
        ObjectNode response = Responses.object();
        ArrayNode found = response.putArray("events");
        events.search(query).forEach(e -> found.add(AuditJson.event(e)));
        return response;
    }

    /** An e-mail names a user (by UID, as events hold it); anything else is taken as a UID or actor as written. */
    private String userUid(String user) {
        return user.contains("@") ? users.findByEmail(Requests.normaliseEmail("user", user)).map(User::uid)
                .orElseThrow(() -> ApiFailures.notFound("no user with that e-mail")) : user;
    }

    private static Optional<Instant> time(ObjectNode body, String field) {
        return body.has(field) && !body.get(field).isNull()
                ? Optional.of(Instant.ofEpochMilli(longField(body, field, 0, 0, Long.MAX_VALUE)))
                : Optional.empty();
    }

    ObjectNode export(ApiCall call) {
        Caller admin = call.requireCaller();
        long from = longField(call.body(), "fromSeq", 1, 1, Long.MAX_VALUE);
        int limit = (int) longField(call.body(), "limit", MAX_PAGE, 1, MAX_PAGE);
        if (from == 1) {
            audit.record(AuditEventType.AUDIT_EXPORTED, admin.userUid(), call.sourceIp(), List.of(admin.userUid()),
                    Audit.SUCCESS, Map.of("lastSeq", Long.toString(events.lastSeq())));
            checkpointer.signHead();
        }
        long to = from + limit - 1;
        ObjectNode response = Responses.object().put("lastSeq", events.lastSeq());
        ArrayNode page = response.putArray("events");
        events.range(from, to).forEach(e -> page.add(AuditJson.event(e)));
        ArrayNode signed = response.putArray("checkpoints");
        checkpoints.range(from, to).forEach(c -> signed.add(AuditJson.checkpoint(c)));
        return response;
    }

    ObjectNode verify(ApiCall call) {
        Caller admin = call.requireCaller();
        List<AuditEvent> chain = events.range(1, Long.MAX_VALUE);
        List<AuditCheckpoint> signed = checkpoints.range(1, Long.MAX_VALUE);
        AuditVerification.Result result = AuditVerification.verify(chain, signed, this::ownKey);
        ObjectNode response = Responses.object().put("intact", result.intact()).put("events", result.events())
                .put("checkpoints", result.checkpoints());
        ArrayNode own = response.putArray("serverKeys");
        keys.all().forEach(k -> own.addObject().put("keyId", k.keyId()).put("publicKey", k.publicKeyWebSafe()));
        result.problem().ifPresent(p -> {
            ObjectNode found = response.putObject("break").put("kind", p.kind().name().toLowerCase(Locale.ROOT))
                    .put("seq", p.seq()).put("message", p.message());
            if (p.eventUid() != null) {
                found.put("eventUid", p.eventUid());
            }
        });
        audit.record(AuditEventType.AUDIT_VERIFIED, admin.userUid(), call.sourceIp(), List.of(admin.userUid()),
                result.intact() ? Audit.SUCCESS : Audit.FAILURE, result.problem().map(p -> Map.of("kind",
                        p.kind().name().toLowerCase(Locale.ROOT), "seq", Long.toString(p.seq()))).orElse(Map.of()));
        return response;
    }

    /** This server's key of that id, when the checkpoint names it with the same public key. */
    private Optional<ECPublicKey> ownKey(AuditCheckpoint c) {
        return keys.verificationKey(c.keyId()).filter(k -> java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(io.castellan.server.keys.EcPoints.toUncompressed(k)).equals(c.publicKey()));
    }

    private static long longField(ObjectNode body, String field, long fallback, long min, long max) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < min
                || value.longValue() > max) {
            throw ApiFailures.badField(field, "must be an integer from " + min + " to " + max);
        }
        return value.longValue();
    }
}
