package io.castellan.server.router;

import io.castellan.model.gateway.CommandType;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A command to run on a gateway: what {@link JobService#submit} takes. Carries no secret, ever: the gateway reads
 * what it needs through the Secrets Manager API.
 *
 * @param gatewayUid  the gateway
 * @param command     what to do
 * @param recordUids  the records concerned (at most 16 UIDs)
 * @param args        non-secret parameters (at most 16; keys up to 64 characters, values up to 256)
 * @param timeout     how long the gateway may take once the command is sent (100 ms to 1 hour)
 * @param onDemand    true when a user waits: an offline gateway fails the submission at once
 *                    ({@code gateway_offline}); false (scheduled work): the job waits queued until the gateway
 *                    connects
 * @param requestedBy the user UID, or {@code system} for the scheduler
 */
public record JobRequest(String gatewayUid, CommandType command, List<String> recordUids, Map<String, String> args,
        Duration timeout, boolean onDemand, String requestedBy) {

    public JobRequest {
        recordUids = List.copyOf(recordUids);
        args = Map.copyOf(args);
    }
}
