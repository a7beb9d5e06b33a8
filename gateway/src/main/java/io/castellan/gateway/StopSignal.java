package io.castellan.gateway;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How a running gateway is told to stop (SIGTERM, Ctrl-C, or a test) and how the stopper learns it has stopped:
 * the JVM's shutdown hook {@link #request()}s the stop, then waits for {@link #stopped()} so the process does not
 * exit while running jobs still have their grace period.
 */
public final class StopSignal {

    private final CompletableFuture<Void> requested = new CompletableFuture<>();
    private final CountDownLatch done = new CountDownLatch(1);
    private final long hookWaitSeconds;

    /** A signal only {@link #request()} triggers (tests, embedding). */
    public StopSignal() {
        this(-1);
    }

    private StopSignal(long hookWaitSeconds) {
        this.hookWaitSeconds = hookWaitSeconds;
    }

    /**
     * @param maxWaitSeconds how long the JVM's shutdown waits for the gateway to stop
     * @return a signal that SIGTERM and Ctrl-C trigger once {@link #arm()} is called
     */
    public static StopSignal forProcess(long maxWaitSeconds) {
        return new StopSignal(maxWaitSeconds);
    }

    /** Called when {@code start} begins: a process signal now installs its shutdown hook. */
    public void arm() {
        if (hookWaitSeconds > 0) {
            installShutdownHook(hookWaitSeconds);
        }
    }

    /** Asks the gateway to stop; idempotent. */
    public void request() {
        requested.complete(null);
    }

    /** @return completes when a stop was requested */
    public CompletableFuture<Void> requested() {
        return requested;
    }

    /** Called by {@code start} once everything is closed. */
    public void stopped() {
        done.countDown();
    }

    /**
     * @param seconds the longest wait
     * @return whether the gateway stopped within it
     */
    public boolean awaitStopped(long seconds) throws InterruptedException {
        return done.await(seconds, TimeUnit.SECONDS);
    }

    /**
     * Makes SIGTERM and Ctrl-C stop the gateway gracefully: the hook requests the stop and waits up to
     * {@code maxWaitSeconds} for it to finish.
     */
    private void installShutdownHook(long maxWaitSeconds) {
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("castellan-gateway-stop").unstarted(() -> {
            request();
            try {
                awaitStopped(maxWaitSeconds);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
    }
}
