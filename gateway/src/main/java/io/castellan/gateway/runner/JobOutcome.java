package io.castellan.gateway.runner;

import java.util.Map;
import java.util.Objects;

/**
 * What a successful job reports.
 *
 * @param summary one human line
 * @param details non-secret key/values
 */
public record JobOutcome(String summary, Map<String, String> details) {

    /** Rejects nulls and copies the details. */
    public JobOutcome {
        Objects.requireNonNull(summary, "summary");
        details = Map.copyOf(details);
    }

    /** @return an outcome with a summary only */
    public static JobOutcome of(String summary) {
        return new JobOutcome(summary, Map.of());
    }
}
