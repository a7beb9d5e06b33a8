package io.castellan.server.scheduler;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** The next due time of a stored schedule: its next run plus a random part of its jitter window. */
public final class NextRun {

    private NextRun() {
    }

    /**
     * @param scheduleJson the stored schedule (empty: on demand)
     * @param enabled      whether the rotation is enabled
     * @return when the scheduler should next run it; empty for on demand, disabled, or a schedule with no further run
     */
    public static Optional<Instant> after(Optional<String> scheduleJson, boolean enabled, Instant after) {
        if (!enabled || scheduleJson.isEmpty()) {
            return Optional.empty();
        }
        return RotationPlan.parse(scheduleJson.get(), "schedule").flatMap(plan -> plan.nextAfter(after)
                .map(at -> plan.jitter().isZero() ? at
                        : at.plusMillis(ThreadLocalRandom.current().nextLong(plan.jitter().toMillis()))));
    }
}
