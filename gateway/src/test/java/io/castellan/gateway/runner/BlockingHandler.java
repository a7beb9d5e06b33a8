package io.castellan.gateway.runner;

import io.castellan.model.gateway.CommandType;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@code noop} handler that waits for a latch, counting how many run at once and noticing interruption. */
final class BlockingHandler implements JobHandler {

    final CountDownLatch started = new CountDownLatch(1);
    final CountDownLatch interrupted = new CountDownLatch(1);
    final AtomicInteger peak = new AtomicInteger();
    final AtomicInteger runs = new AtomicInteger();
    private final AtomicInteger now = new AtomicInteger();
    private final CountDownLatch release;

    BlockingHandler(CountDownLatch release) {
        this.release = release;
    }

    @Override
    public CommandType type() {
        return CommandType.NOOP;
    }

    @Override
    public JobOutcome run(JobContext context) throws InterruptedException {
        runs.incrementAndGet();
        peak.accumulateAndGet(now.incrementAndGet(), Math::max);
        started.countDown();
        try {
            release.await();
            return JobOutcome.of("released");
        } catch (InterruptedException e) {
            interrupted.countDown();
            throw e;
        } finally {
            now.decrementAndGet();
        }
    }
}
