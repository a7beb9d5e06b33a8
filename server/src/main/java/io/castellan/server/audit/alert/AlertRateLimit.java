package io.castellan.server.audit.alert;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/** At most {@code perMinute} messages in any sliding minute (in memory, per rule and node). */
final class AlertRateLimit {

    static final Duration WINDOW = Duration.ofMinutes(1);

    private final int perMinute;
    private final Clock clock;
    private final Deque<Instant> sent = new ArrayDeque<>();

    AlertRateLimit(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** How many messages may go now. */
    int available() {
        Instant cutoff = clock.instant().minus(WINDOW);
        while (!sent.isEmpty() && !sent.peekFirst().isAfter(cutoff)) {
            sent.removeFirst();
        }
        return perMinute - sent.size();
    }

    /** How long until one more message may go. */
    Duration untilNext() {
        return sent.isEmpty() ? Duration.ZERO : Duration.between(clock.instant(), sent.peekFirst().plus(WINDOW))
                .plusMillis(10);
    }

    void sentOne() {
        sent.addLast(clock.instant());
    }
}
