package io.castellan.gateway.jobs;

import io.castellan.model.gateway.JobUpdate;

/** Sends a job's progress to the server. Summaries must already be scrubbed of secrets. */
@FunctionalInterface
public interface JobReporter {

    /** @param update the update to send */
    void report(JobUpdate update);
}
