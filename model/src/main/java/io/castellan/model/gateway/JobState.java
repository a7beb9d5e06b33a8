package io.castellan.model.gateway;

/**
 * A job's life. The server sets {@code QUEUED}, {@code SENT} and {@code TIMED_OUT}; the gateway reports
 * {@code RUNNING}, {@code SUCCEEDED}, {@code FAILED} and {@code REJECTED} (busy, unknown command).
 */
public enum JobState {
    QUEUED, SENT, RUNNING, SUCCEEDED, FAILED, REJECTED, TIMED_OUT;

    /** @return whether no further state follows */
    public boolean terminal() {
        return this == SUCCEEDED || this == FAILED || this == REJECTED || this == TIMED_OUT;
    }
}
