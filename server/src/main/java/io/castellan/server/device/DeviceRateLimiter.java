package io.castellan.server.device;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-device request throttling on this server node: a token bucket per client id holding up to
 * {@code requestsPerMinute} tokens and refilling at that rate. Buckets idle for ten minutes (full again) are
 * forgotten, so memory stays bounded by the devices active recently.
 */
final class DeviceRateLimiter {

    private static final long IDLE_MILLIS = 10 * 60 * 1000L;

    private final Clock clock;
    private final double capacity;
    private final double perMilli;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong nextSweep = new AtomicLong();

    private static final class Bucket {
        double tokens;
        long updatedAt;

        Bucket(double tokens, long updatedAt) {
            this.tokens = tokens;
            this.updatedAt = updatedAt;
        }
    }

    DeviceRateLimiter(Clock clock, int requestsPerMinute) {
        this.clock = clock;
        this.capacity = requestsPerMinute;
        this.perMilli = requestsPerMinute / 60_000.0;
    }

    /**
     * Takes one token for {@code clientId}.
     *
     * @return 0 when the request may proceed, otherwise the whole seconds (at least 1) until a token is available
     */
    long acquire(String clientId) {
        long now = clock.millis();
        sweep(now);
        Bucket bucket = buckets.computeIfAbsent(clientId, id -> new Bucket(capacity, now));
        synchronized (bucket) {
            if (now > bucket.updatedAt) {
                bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.updatedAt) * perMilli);
                bucket.updatedAt = now;
            }
            if (bucket.tokens >= 1.0) {
                bucket.tokens -= 1.0;
                return 0;
            }
            double missing = 1.0 - bucket.tokens;
            return Math.max(1, (long) Math.ceil(missing / perMilli / 1000.0));
        }
    }

    private void sweep(long now) {
        long due = nextSweep.get();
        if (now >= due && nextSweep.compareAndSet(due, now + 60_000)) {
            buckets.entrySet().removeIf(e -> {
                synchronized (e.getValue()) {
                    return now - e.getValue().updatedAt > IDLE_MILLIS;
                }
            });
        }
    }
}
