package io.castellan.model.tunnel;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that move a tunnel's bytes (a stream's two pumps, a direct path's reader): platform threads while a
 * per-process budget lasts, virtual threads beyond it.
 *
 * <p>Why not virtual threads throughout: a tunnel's data path blocks and wakes on every message, and each wake-up of a
 * virtual thread blocked on a socket goes through the JDK's poller and the carrier pool. Measured on the tunnel
 * benchmark (2 CPUs, bench/README.md "Eighth session"), platform threads for these took the gateway from 2.3 to 1.5 ms
 * of CPU per MiB, bulk throughput from about 350 to 470 MiB/s and the round trip's p50 from 0.55 to 0.32 ms. A
 * platform thread costs a kernel thread and its stack, so only the first {@link #DEFAULT_BUDGET} pumps of a process
 * get one (the streams of a few busy tunnels: the sessions people type in, the transfers they wait for); a gateway
 * carrying a thousand connections runs the rest on virtual threads, as before.
 */
public final class PumpThreads {

    /** Platform threads one process gives to pumps at most. */
    public static final int DEFAULT_BUDGET = 256;
    /** The process's pumps. */
    public static final PumpThreads SHARED = new PumpThreads(DEFAULT_BUDGET);
    /** A pump's stack: it reads, seals or opens, and writes; no deep calls. */
    private static final long STACK_BYTES = 512 * 1024;

    private final AtomicInteger left;

    /** @param budget platform threads this pool gives at most */
    public PumpThreads(int budget) {
        this.left = new AtomicInteger(budget);
    }

    /**
     * Starts {@code task} on a platform thread when the budget has one left (given back when the task ends), else on a
     * virtual thread.
     */
    public Thread start(String name, Runnable task) {
        return reserve(1) ? startReserved(name, task) : startVirtual(name, task);
    }

    /**
     * Takes {@code threads} platform threads from the budget, all or none: a stream's two pumps are either both
     * platform threads or both virtual, since what its local end may do depends on it.
     *
     * @return whether the budget had them; each must then be started with {@link #startReserved}
     */
    public boolean reserve(int threads) {
        if (left.addAndGet(-threads) >= 0) {
            return true;
        }
        left.addAndGet(threads);
        return false;
    }

    /** Starts {@code task} on a platform thread {@link #reserve}d before; the budget has it back when the task ends. */
    public Thread startReserved(String name, Runnable task) {
        return Thread.ofPlatform().daemon().stackSize(STACK_BYTES).name(name).start(() -> {
            try {
                task.run();
            } finally {
                left.incrementAndGet();
            }
        });
    }

    /** Starts {@code task} on a virtual thread, outside the budget. */
    public Thread startVirtual(String name, Runnable task) {
        return Thread.ofVirtual().name(name).start(task);
    }

    /** @return platform threads still to give */
    public int left() {
        return Math.max(0, left.get());
    }
}
