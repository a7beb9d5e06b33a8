package io.castellan.server.audit.sink;

import io.castellan.store.AuditEvent;
import java.io.IOException;
import java.util.List;

/**
 * Sends batches of audit events to one destination. {@link #send} returns only once the destination accepted the
 * whole batch; any failure throws, and the delivery loop sends the batch again later (so a destination may see an
 * event twice, never miss one). Exception messages must be safe to show and store: never a secret.
 */
public interface EventSender extends AutoCloseable {

    /** Delivers {@code batch} (in sequence order, never empty). */
    void send(List<AuditEvent> batch) throws IOException;

    /** Drops any open connection; the next {@link #send} reconnects. */
    @Override
    default void close() {
    }
}
