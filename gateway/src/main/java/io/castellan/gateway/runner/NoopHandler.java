package io.castellan.gateway.runner;

import io.castellan.model.gateway.CommandType;

/** {@code noop}: succeeds at once, for round-trip measurements and liveness checks. */
public final class NoopHandler implements JobHandler {

    @Override
    public CommandType type() {
        return CommandType.NOOP;
    }

    @Override
    public JobOutcome run(JobContext context) {
        return JobOutcome.of("nothing to do");
    }
}
