package io.castellan.gateway.jobs;

import io.castellan.model.gateway.Command;

/** Receives the commands the server sends. Implemented by the job runner, called by the Router connection. */
public interface CommandSink {

    /**
     * Accepts one command. Called on the connection's receive path, so it must return quickly: it queues or
     * starts the work and reports {@code RUNNING} (or {@code REJECTED} when full or the command is unknown) through
     * {@code reporter}, then the terminal state when done.
     *
     * @param command the command, as received (already decoded; its fields are untrusted)
     * @param reporter where to send this job's updates; safe to call from any thread, including after the
     *     connection dropped and came back (updates are then sent on the new connection)
     */
    void accept(Command command, JobReporter reporter);

    /** @return jobs running now, for {@code gateway-info} */
    int runningJobs();
}
