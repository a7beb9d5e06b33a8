package io.castellan.model.gateway;

import java.util.Map;

/**
 * Gateway → server: a job's progress. {@code RUNNING} acknowledges the command; a terminal state ends the job.
 *
 * @param jobId the {@link Command#jobId()}
 * @param state {@code RUNNING}, {@code SUCCEEDED}, {@code FAILED} or {@code REJECTED}
 * @param summary one human line, scrubbed of secrets by the gateway (the server stores and shows it)
 * @param details non-secret key/values (gateway-info: version, uptimeSeconds, runningJobs; rotate: step,
 *     exitCode of a post-rotation script)
 */
public record JobUpdate(String jobId, JobState state, String summary, Map<String, String> details)
        implements GatewayFrame {
}
