package io.castellan.store;

import io.castellan.model.gateway.JobState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A row of {@code gateway_jobs}: one command for a gateway and how far it got. Nothing in it is secret.
 *
 * @param command     the {@link io.castellan.model.gateway.CommandType} wire name
 * @param args        non-secret parameters sent with the command
 * @param summary     the gateway's scrubbed one-line result, or the server's reason (timeout, offline)
 * @param details     non-secret key/values of the result
 * @param requestedBy the user UID (or {@code system}) who asked
 * @param onDemand    whether a user waits for it (fails fast when the gateway is offline) or it may wait queued
 * @param timeout     how long the gateway may take once sent
 * @param deadline    when a sent job times out; empty while queued
 */
public record StoredJob(String id, String gatewayUid, String command, List<String> recordUids,
        Map<String, String> args, JobState state, Optional<String> summary, Map<String, String> details,
        String requestedBy, boolean onDemand, Duration timeout, Instant createdAt, Instant updatedAt,
        Optional<Instant> deadline) {
}
