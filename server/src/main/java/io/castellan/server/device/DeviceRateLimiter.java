package io.castellan.server.device;

import io.castellan.store.DeviceKind;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-device request throttling on this server node: a token bucket per client id holding up to a minute's worth of
 * tokens and refilling at that rate. Gateways get their own, higher rate: each rotation costs a gateway three device
 * calls and each tunnel one, so the rate that stops a runaway application would cap a busy gateway at a few rotations
 * a second. Buckets idle for ten minutes (full again) are forgotten, so memory stays bounded by the devices active
 * recently.
 */
final class DeviceRateLimiter {

    private static final long IDLE_MILLIS = 10 * 60 * 1000L;

    private final Clock clock;
    private final int devicePerMinute;
    private final int gatewayPerMinute;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong nextSweep = new AtomicLong();

    private static final class Bucket {
        final double capacity;
        final double perMilli;
        double tokens;
        long updatedAt;

        Bucket(int perMinute, long updatedAt) {
            this.capacity = perMinute;
            this.perMilli = perMinute / 60_000.0;
            this.tokens = perMinute;
            this.updatedAt = updatedAt;
        }
    }

    DeviceRateLimiter(Clock clock, int devicePerMinute, int gatewayPerMinute) {
        if (devicePerMinute < 1 || gatewayPerMinute < 1) {
            throw new IllegalArgumentException("requests per minute must be at least 1");
        }
        this.clock = clock;
        this.devicePerMinute = devicePerMinute;
        this.gatewayPerMinute = gatewayPerMinute;
    }

    /**
     * Takes one token for {@code clientId}.
     *
     * @param kind whether the client is a gateway (its own rate) or any other device
     * @return 0 when the request may proceed, otherwise the whole seconds (at least 1) until a token is available
     */
    long acquire(String clientId, DeviceKind kind) {
        long now = clock.millis();
        sweep(now);
        int perMinute = kind == DeviceKind.GATEWAY ? gatewayPerMinute : devicePerMinute;
        Bucket bucket = buckets.compute(clientId, (id, old) ->
                old == null || old.capacity != perMinute ? new Bucket(perMinute, now) : old);
        synchronized (bucket) {
            if (now > bucket.updatedAt) {
                bucket.tokens = Math.min(bucket.capacity, bucket.tokens + (now - bucket.updatedAt) * bucket.perMilli);
                bucket.updatedAt = now;
            }
            if (bucket.tokens >= 1.0) {
                bucket.tokens -= 1.0;
                return 0;
            }
            double missing = 1.0 - bucket.tokens;
            return Math.max(1, (long) Math.ceil(missing / bucket.perMilli / 1000.0));
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
