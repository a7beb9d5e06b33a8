package io.castellan.gateway.runner;

import io.castellan.model.gateway.CommandType;

/**
 * Runs one kind of command. The runner calls {@link #run} on a virtual thread of its own, once per job, possibly
 * for several jobs at once; the handler blocks as it needs (network, processes) and must stop promptly when that
 * thread is interrupted (the job's timeout passed or the gateway is stopping).
 *
 * <p>Returning ends the job {@code SUCCEEDED} with the outcome's summary and details; throwing ends it
 * {@code FAILED} with the exception's message as summary. Either way the runner scrubs the summary and details of
 * every registered secret before they leave the gateway, but handlers should still never put a secret in them.
 */
public interface JobHandler {

    /** @return the command type this handler runs */
    CommandType type();

    /**
     * @param context the command, the gateway's vault access (secrets fetched through it are registered with the
     *     scrubber) and the scrubber itself
     * @return what to report
     * @throws Exception any failure; its message becomes the job's (scrubbed) summary
     */
    JobOutcome run(JobContext context) throws Exception;
}
