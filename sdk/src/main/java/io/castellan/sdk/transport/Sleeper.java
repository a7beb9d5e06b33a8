package io.castellan.sdk.transport;

import java.time.Duration;

/** Waits between retries; tests replace it to run without real delays. */
@FunctionalInterface
public interface Sleeper {

    /** The real clock. */
    Sleeper SYSTEM = d -> Thread.sleep(d);

    /** @param duration how long to wait */
    void sleep(Duration duration) throws InterruptedException;
}
