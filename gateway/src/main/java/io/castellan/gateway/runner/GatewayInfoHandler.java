package io.castellan.gateway.runner;

import io.castellan.model.gateway.CommandType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.IntSupplier;

/** {@code gateway-info}: the gateway's version, uptime in seconds and jobs running now, in the update's details. */
public final class GatewayInfoHandler implements JobHandler {

    private final String version;
    private final Instant startedAt;
    private final IntSupplier runningJobs;
    private final Clock clock;

    /**
     * @param version the gateway's version
     * @param startedAt when the process started
     * @param runningJobs the runner's count (this job included while it runs)
     * @param clock for the uptime
     */
    public GatewayInfoHandler(String version, Instant startedAt, IntSupplier runningJobs, Clock clock) {
        this.version = version;
        this.startedAt = startedAt;
        this.runningJobs = runningJobs;
        this.clock = clock;
    }

    @Override
    public CommandType type() {
        return CommandType.GATEWAY_INFO;
    }

    @Override
    public JobOutcome run(JobContext context) {
        long uptime = Math.max(0, Duration.between(startedAt, clock.instant()).toSeconds());
        return new JobOutcome("castellan-gateway " + version + ", up " + uptime + " s",
                Map.of("version", version, "uptimeSeconds", Long.toString(uptime),
                        "runningJobs", Integer.toString(runningJobs.getAsInt())));
    }
}
