package io.castellan.server.device;

/**
 * The replay mark of a {@code get_secret} (and the device's last-seen touch), held back so that it commits in the
 * same write transaction as the request's {@code device_secrets_read} audit event: one write per read instead of two
 * (and that transaction is shared with the reads that arrive together, {@link ReadCommits}). A replay is still
 * refused before the answer leaves the server, because the mark's conflicting insert fails the request's part of that
 * transaction (its audit event is never written) and nothing is answered. {@link DeviceHandler} checks after the
 * endpoint returned that the mark was written, and refuses the request (fail closed) if an endpoint forgot it.
 */
final class DeferredReplayMark {

    private static final DeferredReplayMark NONE = new DeferredReplayMark(null);

    private final Runnable mark;
    private volatile boolean written;

    private DeferredReplayMark(Runnable mark) {
        this.mark = mark;
        this.written = mark == null;
    }

    /** A mark already written by the handler: {@link #writeInTransaction} does nothing. */
    static DeferredReplayMark none() {
        return NONE;
    }

    /** A mark that {@code mark} writes, inside the caller's write transaction. */
    static DeferredReplayMark of(Runnable mark) {
        return new DeferredReplayMark(mark);
    }

    /**
     * Writes the mark; call it inside the endpoint's write transaction, before the audit event.
     *
     * @throws io.castellan.model.error.CastellanException {@code REPLAYED_REQUEST}, which rolls the transaction back
     */
    void writeInTransaction() {
        if (mark != null) {
            mark.run();
            written = true;
        }
    }

    boolean written() {
        return written;
    }
}
