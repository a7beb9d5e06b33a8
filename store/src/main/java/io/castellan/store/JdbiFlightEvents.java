package io.castellan.store;

import jdk.jfr.FlightRecorder;
import org.jdbi.v3.core.statement.JdbiStatementEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps JDBI's {@code jdbi.statement} Java Flight Recorder events out of every recording. Each event carries the
 * statement's bind parameters as text, and here those are password verifiers, wrapped keys, session token hashes
 * and ciphertext: a JFR recording of the server (an ordinary profiling step) would hold them. JDBI has no setting
 * for it: its {@code JfrSupport} registers the event class when first loaded, so this loads that class first (so it
 * cannot register the class again later) and then unregisters the event class. An event class that is not
 * registered records nothing, whatever a recording's settings say.
 */
final class JdbiFlightEvents {

    private static final Logger LOG = LoggerFactory.getLogger(JdbiFlightEvents.class);
    private static final String JDBI_JFR_SUPPORT = "org.jdbi.v3.core.statement.internal.JfrSupport";

    private JdbiFlightEvents() {
    }

    /** Unregisters {@code jdbi.statement}; idempotent; a JVM without JFR has nothing to do. */
    static void disable() {
        if (ModuleLayer.boot().findModule("jdk.jfr").isEmpty()) {
            return;
        }
        try {
            Class.forName(JDBI_JFR_SUPPORT, true, JdbiFlightEvents.class.getClassLoader());
            FlightRecorder.unregister(JdbiStatementEvent.class);
        } catch (ClassNotFoundException | LinkageError | IllegalStateException | SecurityException e) {
            // a JDBI without JFR support records no statement events either
            LOG.debug("JDBI's JFR statement events could not be unregistered: {}", e.getClass().getSimpleName());
        }
    }
}
