package io.castellan.gateway.rotation;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crash points for the fault-injection tests of the rotation safety protocol. With
 * {@code CASTELLAN_GATEWAY_FAULT=STEP} in its environment the gateway halts the JVM (no shutdown hooks, as a power
 * cut or {@code kill -9} would) when a rotation reaches {@code STEP}: {@code after-pending}, {@code after-change},
 * {@code after-verify} or {@code after-commit}. Unset in production; the variable is documented as test-only.
 */
final class FaultPoints {

    static final String ENV = "CASTELLAN_GATEWAY_FAULT";
    static final int HALT_STATUS = 86;

    private static final Logger LOG = LoggerFactory.getLogger(FaultPoints.class);

    private final String armed;
    private final Runnable crash;

    /**
     * @param armed the step to crash at ("" for none)
     * @param crash what a crash is: halting the JVM in production; tests in this package may throw instead
     */
    FaultPoints(String armed, Runnable crash) {
        this.armed = armed;
        this.crash = crash;
    }

    static FaultPoints fromEnvironment(Map<String, String> env) {
        String v = Objects.requireNonNullElse(env.get(ENV), "").trim().toLowerCase(Locale.ROOT);
        if (!v.isEmpty()) {
            LOG.warn("fault injection armed: the gateway halts when a rotation reaches '{}' (test only)", v);
        }
        return new FaultPoints(v, () -> Runtime.getRuntime().halt(HALT_STATUS));
    }

    static FaultPoints none() {
        return new FaultPoints("", () -> { });
    }

    void reach(String step, String jobId) {
        if (step.equals(armed)) {
            LOG.warn("job {}: fault injection: halting at {}", jobId, step);
            crash.run();
        }
    }
}
