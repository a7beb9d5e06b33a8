package io.castellan.server.audit.sink;

import java.io.IOException;
import java.util.Map;

/** A source of delivery targets (the sinks, the alert rules) as they are configured now, by cursor key. */
public interface DeliveryTargets {

    /** Builds a target's sender (it may fail, for instance on an unreadable CA file: the loop retries). */
    interface SenderFactory {
        EventSender create() throws IOException;
    }

    /**
     * One target: {@code label} for logs, {@code version} changes when its settings do (its loop is then restarted).
     */
    record Spec(String label, String version, SenderFactory factory) {
    }

    Map<String, Spec> current();
}
