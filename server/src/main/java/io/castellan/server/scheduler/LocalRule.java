package io.castellan.server.scheduler;

import java.time.LocalDateTime;
import java.util.Optional;

/**
 * A schedule on the wall clock of its time zone: the first local date-time strictly after a given one at which it
 * runs. {@link RotationPlan} turns local times into instants (and so decides what daylight-saving gaps and repeats do).
 */
@FunctionalInterface
interface LocalRule {

    /** @return the first run strictly after {@code after}; empty when the schedule has no further run */
    Optional<LocalDateTime> nextAfter(LocalDateTime after);
}
