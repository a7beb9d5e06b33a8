package io.castellan.server.pam;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;

/**
 * Where an accepted rotation request goes: the Router's job service, which sends a {@code rotate} command to the
 * configuration's gateway. {@code rotate} has already checked the caller's rights, the settings and the configuration
 * when it calls {@link #submit}.
 */
@FunctionalInterface
public interface RotationJobs {

    /** Until a job service is wired in: every submission is refused with {@code 503 gateway_offline}. */
    RotationJobs NOT_CONNECTED = (gatewayUid, pamUserUid, resourceUid, configUid, onDemand, requestedBy) -> {
        throw new CastellanException(ErrorCode.GATEWAY_OFFLINE, "no gateway connection service");
    };

    /**
     * Queues a rotation job.
     *
     * @param gatewayUid  the gateway's Secrets Manager client id (from the configuration)
     * @param pamUserUid  the pamUser record whose credential rotates
     * @param resourceUid the resource that performs the rotation
     * @param configUid   the PAM configuration
     * @param onDemand    {@code true} for a user's request, {@code false} for the scheduler's
     * @param requestedBy the user (or {@code scheduler}) asking
     * @return the job id, for {@code job_info}
     * @throws CastellanException {@code GATEWAY_OFFLINE} when the gateway is not connected
     */
    String submit(String gatewayUid, String pamUserUid, String resourceUid, String configUid, boolean onDemand,
                  String requestedBy);

    /**
     * Sends a job {@link #submit} stored, once the caller's transaction committed (a job must be visible to every
     * server node before its gateway can answer it).
     *
     * @param jobId the job
     */
    default void release(String jobId) {
    }
}
