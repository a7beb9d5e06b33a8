package io.castellan.gateway.runner;

import io.castellan.gateway.logging.SecretScrubber;
import io.castellan.model.gateway.Command;
import java.time.Instant;

/**
 * What a {@link JobHandler} gets for one job.
 *
 * @param command the command as the server sent it (fields untrusted: validate what you use)
 * @param secrets the gateway's vault access; what it fetches is registered with {@code scrubber}
 * @param scrubber for text the handler produces itself (script output, target error messages)
 * @param deadline when the runner gives up on the job and reports it failed
 */
public record JobContext(Command command, GatewaySecrets secrets, SecretScrubber scrubber, Instant deadline) {

    /** @return the argument, or {@code fallback} when absent */
    public String arg(String name, String fallback) {
        String v = command.args() == null ? null : command.args().get(name);
        return v == null ? fallback : v;
    }
}
