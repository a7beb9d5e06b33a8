package io.castellan.server.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.castellan.crypto.Uids;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.json.Json;
import io.castellan.store.AuditEventRepository;
import io.castellan.store.NewAuditEvent;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Audit} on the store's hash-chained audit trail. The append joins the caller's write transaction when there
 * is one, so an action and its event commit together; any failure to append becomes {@code AUDIT_UNAVAILABLE}
 * (HTTP 503) and, thrown inside the caller's transaction, rolls the action back. Details are written as a JSON object
 * with sorted keys.
 */
public final class StoreAudit implements Audit {

    private static final Logger LOG = LoggerFactory.getLogger(StoreAudit.class);
    private static final ObjectMapper MAPPER = Json.newMapper();

    private final AuditEventRepository events;
    private final Clock clock;

    public StoreAudit(AuditEventRepository events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    @Override
    public void record(String type, String actor, String sourceIp, List<String> subjects, String result) {
        record(type, actor, sourceIp, subjects, result, Map.of());
    }

    @Override
    public void record(String type, String actor, String sourceIp, List<String> subjects, String result,
            Map<String, String> details) {
        try {
            events.append(new NewAuditEvent(Uids.newUid(), clock.instant(), type, actor,
                    Optional.ofNullable(sourceIp), subjects, result, MAPPER.writeValueAsString(new TreeMap<>(details))));
        } catch (IOException | RuntimeException e) {
            LOG.error("audit event {} could not be written; the action is refused", type, e);
            throw new CastellanException(ErrorCode.AUDIT_UNAVAILABLE,
                    "the audit log cannot be written, so the action was refused");
        }
    }
}
