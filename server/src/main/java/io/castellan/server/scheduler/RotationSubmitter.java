package io.castellan.server.scheduler;

/**
 * Where the scheduler sends a due rotation: the PAM layer's rotation jobs (the Router's job service), called inside
 * the scheduler's store transaction so the claim and the job commit together.
 */
public interface RotationSubmitter {

    /**
     * Stores a scheduled rotation job ({@code onDemand=false}: it waits queued while the gateway is offline).
     *
     * @return the job id
     * @throws io.castellan.model.error.CastellanException when the job cannot be made (no such gateway, ...)
     */
    String submit(String gatewayUid, String pamUserUid, String resourceUid, String configUid);

    /** Sends a job {@link #submit} stored, after the transaction committed. */
    void release(String jobId);
}
