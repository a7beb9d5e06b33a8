package io.castellan.model.gateway;

import java.util.List;
import java.util.Map;

/**
 * Server → gateway: run a job. Carries no secret — the gateway fetches what it needs through the Secrets Manager
 * device API, where its application's grants decide what it may read.
 *
 * @param jobId the job's id (the server stores its state)
 * @param command a {@link CommandType} wire name
 * @param recordUids the records the job concerns (for {@code rotate}: the pamUser first, then its resource,
 *     then the PAM configuration)
 * @param args non-secret parameters (for example {@code "dryRun": "true"}); never a password or key
 * @param timeoutMillis how long the gateway may take before the server marks the job timed out
 */
public record Command(String jobId, String command, List<String> recordUids, Map<String, String> args,
                      long timeoutMillis) implements GatewayFrame {
}
