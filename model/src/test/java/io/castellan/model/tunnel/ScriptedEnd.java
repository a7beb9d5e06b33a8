package io.castellan.model.tunnel;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local end that takes writes that never block, but (when {@code partial}) only part of them at random (none, some
 * or all, as a socket whose buffer is filling would), and whose blocking writes sometimes dawdle: it records the bytes
 * in the order they arrived, whether the two kinds of write ever overlapped (they must not), and how many bytes it had
 * when the output was shut down. It sends nothing (its input ends at once).
 */
final class ScriptedEnd implements LocalEnd {

    private final Random random;
    private final boolean partial;
    private final ByteArrayOutputStream got = new ByteArrayOutputStream();
    private final AtomicBoolean writing = new AtomicBoolean();
    final AtomicInteger overlaps = new AtomicInteger();
    final AtomicLong writtenNow = new AtomicLong();
    final AtomicLong writtenBlocking = new AtomicLong();
    /** The thread that asked for the blocking output: the stream's writer. */
    volatile Thread writer;
    /** The bytes received when the output was shut down (FIN). */
    final CompletableFuture<Integer> finAt = new CompletableFuture<>();

    /** @param partial false: every write that never blocks takes all it is given */
    ScriptedEnd(long seed, boolean partial) {
        this.random = new Random(seed);
        this.partial = partial;
    }

    @Override
    public InputStream input() {
        return InputStream.nullInputStream();
    }

    @Override
    public OutputStream output() {
        writer = Thread.currentThread();
        return new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                enter();
                try {
                    if (random(4) == 0) {
                        Thread.sleep(1); // a slow local reader: the receiving thread queues meanwhile
                    }
                    record(b, off, len);
                    writtenBlocking.addAndGet(len);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    leave();
                }
            }
        };
    }

    @Override
    public boolean enableWriteNow() {
        return true;
    }

    @Override
    public int writeNow(byte[] bytes, int offset, int length) {
        enter();
        try {
            int taken = !partial ? length : switch (random(3)) {
                case 0 -> 0;
                case 1 -> random(length + 1);
                default -> length;
            };
            record(bytes, offset, taken);
            writtenNow.addAndGet(taken);
            return taken;
        } finally {
            leave();
        }
    }

    @Override
    public void shutdownOutput() {
        synchronized (got) {
            finAt.complete(got.size());
        }
    }

    @Override
    public void close() {
    }

    /** @return the bytes received so far, in order */
    byte[] received() {
        synchronized (got) {
            return got.toByteArray();
        }
    }

    private int random(int bound) {
        synchronized (random) {
            return random.nextInt(bound);
        }
    }

    private void record(byte[] b, int off, int len) {
        synchronized (got) {
            got.write(b, off, len);
        }
    }

    private void enter() {
        if (!writing.compareAndSet(false, true)) {
            overlaps.incrementAndGet();
        }
    }

    private void leave() {
        writing.set(false);
    }
}
