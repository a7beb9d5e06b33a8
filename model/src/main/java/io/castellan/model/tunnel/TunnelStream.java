package io.castellan.model.tunnel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One stream of a {@link TunnelMux}: two threads ({@link PumpThreads}) pump bytes, local → tunnel and tunnel → local,
 * each with its own window, so a slow local reader only stops its own stream.
 *
 * <p>Sending: a pump reads from the local end only as much as the peer has granted ({@code sendCredit}, starting at
 * {@link TunnelProtocol#WINDOW}), then blocks until CREDIT arrives. Receiving: DATA is counted in {@code unwritten}
 * and written to the local end without ever blocking the tunnel's receiving thread: queued for the stream's writer
 * thread, or, when the local end takes writes that never block ({@link LocalEnd#writeNow}) and nothing of the stream
 * waits in the queue, written by the receiving thread itself as far as the local socket takes it at once, the rest
 * queued. That saves a thread's wake-up at each end of every round trip; the queue keeps the bytes in order, since the
 * receiving thread writes only while it holds nothing back. Credit goes back only after the bytes reached the local
 * end, and only from the writer thread (the receiving thread asks it to), so the receiving thread never waits on the
 * transport. A peer that sends beyond its window breaks the protocol, so the queue never holds more than one window.
 *
 * <p>Growing windows: when a whole window has been written since the window last grew and nothing waits in the queue
 * as credit goes back, the local end keeps up and the sender was waiting for credit, so the writer doubles the window
 * (up to {@link TunnelProtocol#MAX_WINDOW}) by granting the growth with the credit, taken from the tunnel's allowance
 * ({@link TunnelProtocol#TUNNEL_WINDOW_GROWTH}) and given back when the stream ends. A stream whose local end does not
 * read never grows: no credit goes back at all.
 */
final class TunnelStream {

    /** DATA bytes per frame of a batch this end sends. */
    private static final int FRAME_DATA = TunnelProtocol.MAX_BATCH_DATA / TunnelProtocol.BATCH_FRAMES;
    private static final Chunk FIN_MARK = new Chunk(new byte[0], 0, 0);
    private static final Chunk ABORT_MARK = new Chunk(new byte[0], 0, 0);
    /** The receiving thread wrote enough for a CREDIT: the writer thread sends it. */
    private static final Chunk CREDIT_MARK = new Chunk(new byte[0], 0, 0);

    /** Received DATA where it lies: the opened frame, after its 5-byte header (no copy of the payload). */
    private record Chunk(byte[] bytes, int offset, int length) {
    }

    final int id;
    private final TunnelMux mux;
    private final LocalEnd end;
    private final LinkedBlockingQueue<Chunk> inbox = new LinkedBlockingQueue<>();
    private final Object creditLock = new Object();
    private long sendCredit = TunnelProtocol.WINDOW;
    private final Object state = new Object();
    private long unwritten; // guarded by state, as every field down to creditAsked
    private long receiveWindow = TunnelProtocol.WINDOW; // grown only by the writer thread
    private boolean growthReleased;
    /** DATA chunks and FIN in the inbox or being written by the writer thread: while above 0, bytes wait there. */
    private int queued;
    /** Bytes written to the local end and not yet granted back. */
    private long owed;
    private long writtenSinceGrowth;
    /** A CREDIT_MARK waits in the inbox. */
    private boolean creditAsked;
    /** The receiving thread may write to the local end itself (the pumps hold platform threads, the end said yes). */
    private volatile boolean writeNow;
    private volatile boolean aborted;
    private volatile boolean sentFin;
    private volatile boolean wroteFin;

    TunnelStream(int id, TunnelMux mux, LocalEnd end) {
        this.id = id;
        this.mux = mux;
        this.end = end;
    }

    /**
     * Starts the pumps. The receiving thread writes to the local end itself only for streams whose pumps are platform
     * threads: a local end that writes without blocking needs its own readiness waits, which cost a platform thread
     * nothing and a virtual thread a trip through the JDK's poller, and those streams stay within the thread budget.
     */
    void start() {
        PumpThreads pumps = mux.pumps();
        if (pumps.reserve(2)) {
            writeNow = end.enableWriteNow();
            pumps.startReserved("tunnel-out-" + id, this::pumpOut);
            pumps.startReserved("tunnel-in-" + id, this::pumpIn);
        } else {
            pumps.startVirtual("tunnel-out-" + id, this::pumpOut);
            pumps.startVirtual("tunnel-in-" + id, this::pumpIn);
        }
    }

    /** DATA from the peer. */
    void data(byte[] bytes) {
        data(bytes, 0, bytes.length);
    }

    /**
     * DATA from the peer, {@code bytes[offset, offset + length)} (not copied: the array is the stream's now), on the
     * tunnel's receiving thread: written at once as far as the local end takes it without blocking, when nothing of
     * this stream waits before it; the rest queued for the writer thread.
     */
    void data(byte[] bytes, int offset, int length) {
        boolean inline;
        synchronized (state) {
            unwritten += length;
            if (unwritten > receiveWindow) {
                throw new TunnelProtocolException("stream " + id + ": the peer sent beyond its window");
            }
            inline = writeNow && queued == 0 && !aborted;
            if (!inline) {
                queued++;
            }
        }
        if (!inline) {
            inbox.add(new Chunk(bytes, offset, length));
            return;
        }
        int written;
        try {
            written = end.writeNow(bytes, offset, length);
        } catch (IOException | RuntimeException e) {
            abort("the local connection failed while writing", true);
            return;
        }
        if (written < length) {
            synchronized (state) {
                queued++;
            }
            inbox.add(new Chunk(bytes, offset + written, length - written));
        }
        if (written > 0 && wrote(written)) {
            askForCredit();
        }
    }

    /** FIN from the peer: after the bytes before it, the local end's output is shut down. */
    void fin() {
        synchronized (state) {
            queued++;
        }
        inbox.add(FIN_MARK);
    }

    /** CREDIT from the peer. */
    void credit(int grant) {
        synchronized (creditLock) {
            sendCredit += grant;
            if (sendCredit > TunnelProtocol.MAX_WINDOW) {
                throw new TunnelProtocolException("stream " + id + ": the peer granted more than the largest window");
            }
            creditLock.notifyAll();
        }
    }

    /** Ends the stream at once; tells the peer with RESET when {@code tellPeer}. */
    void abort(String reason, boolean tellPeer) {
        if (aborted) {
            return;
        }
        aborted = true;
        end.close();
        inbox.clear();
        inbox.add(ABORT_MARK);
        synchronized (creditLock) {
            creditLock.notifyAll();
        }
        mux.forget(this);
        if (tellPeer) {
            mux.trySend(Frame.reset(id, reason));
        }
    }

    private void pumpOut() {
        // One frame's worth until a read fills it: most streams are idle or interactive, and a thousand of them would
        // otherwise hold 64 KB each; a busy one then reads a batch at a time.
        byte[] buffer = new byte[FRAME_DATA];
        try {
            InputStream in = end.input();
            while (!aborted) {
                int allowed = awaitCredit();
                if (allowed <= 0) {
                    return;
                }
                // Up to a batch per read: what a busy sender has queued goes out as one message of several frames.
                int n = in.read(buffer, 0, Math.min(allowed, buffer.length));
                if (n < 0) {
                    sentFin = true;
                    mux.send(Frame.fin(id));
                    finishIfDone();
                    return;
                }
                if (n == 0) {
                    continue;
                }
                synchronized (creditLock) {
                    sendCredit -= n;
                }
                mux.sendData(id, buffer, n, FRAME_DATA);
                mux.countOut(n);
                if (n == buffer.length && buffer.length < TunnelProtocol.MAX_BATCH_DATA) {
                    buffer = new byte[TunnelProtocol.MAX_BATCH_DATA];
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            abort(aborted ? "aborted" : "the local connection failed while reading", true);
        }
    }

    private int awaitCredit() throws InterruptedException {
        synchronized (creditLock) {
            while (sendCredit <= 0 && !aborted) {
                creditLock.wait();
            }
            return aborted ? 0 : (int) Math.min(sendCredit, Integer.MAX_VALUE);
        }
    }

    private void pumpIn() {
        byte[] joined = null; // allocated when frames first arrive together (a busy stream)
        Chunk carried = null; // taken from the inbox but not written yet
        try {
            OutputStream out = end.output();
            while (true) {
                Chunk bytes = carried != null ? carried : inbox.take();
                carried = null;
                if (bytes == ABORT_MARK) {
                    return;
                }
                if (bytes == CREDIT_MARK) {
                    synchronized (state) {
                        creditAsked = false;
                    }
                    sendCredit(false);
                    continue;
                }
                if (bytes == FIN_MARK) {
                    sendCredit(true);
                    end.shutdownOutput();
                    wroteFin = true;
                    finishIfDone();
                    return;
                }
                int n = bytes.length();
                int chunks = 1;
                Chunk next = inbox.poll();
                if (joinable(next, n, TunnelProtocol.MAX_BATCH_DATA)) {
                    // The frames of a batch arrive together: one write to the local socket for all of them.
                    if (joined == null) {
                        joined = new byte[TunnelProtocol.MAX_BATCH_DATA];
                    }
                    System.arraycopy(bytes.bytes(), bytes.offset(), joined, 0, n);
                    for (; joinable(next, n, joined.length); next = inbox.poll()) {
                        System.arraycopy(next.bytes(), next.offset(), joined, n, next.length());
                        n += next.length();
                        chunks++;
                    }
                    out.write(joined, 0, n);
                } else {
                    out.write(bytes.bytes(), bytes.offset(), n);
                }
                carried = next;
                if (carried == null && inbox.isEmpty()) {
                    out.flush();
                }
                wrote(n);
                synchronized (state) {
                    queued -= chunks;
                }
                sendCredit(false);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            abort("the local connection failed while writing", true);
        }
    }

    /** Counts {@code n} bytes written to the local end; @return whether a CREDIT is due */
    private boolean wrote(int n) {
        mux.countIn(n);
        synchronized (state) {
            unwritten -= n;
            owed += n;
            writtenSinceGrowth += n;
            return owed >= receiveWindow / 4;
        }
    }

    /** The receiving thread: has the writer thread send the CREDIT that is due (once, however often asked). */
    private void askForCredit() {
        synchronized (state) {
            if (creditAsked || aborted) {
                return;
            }
            creditAsked = true;
        }
        inbox.add(CREDIT_MARK);
    }

    /**
     * The writer thread: grants back what was written, when {@code all} or when it reached a quarter window. Credit
     * goes back in quarter windows, not after every write: the sender always keeps at least three quarters of a window
     * (no stall), and a CREDIT message per DATA message would double the sealed messages of a bulk transfer and of
     * every request/response exchange.
     */
    private void sendCredit(boolean all) throws IOException {
        long grant;
        boolean caughtUp;
        synchronized (state) {
            if (owed == 0 || !all && owed < receiveWindow / 4) {
                return;
            }
            grant = owed;
            owed = 0;
            caughtUp = queued == 0;
        }
        mux.send(Frame.credit(id, (int) grant + (all ? 0 : growth(caughtUp))));
    }

    /**
     * How much to grow the receive window by with the credit about to go back (0: not now): double it when a whole
     * window was written since it last grew and nothing waits in the queue ({@code caughtUp}), within the largest
     * window and the tunnel's allowance. The window grows before the credit leaves, so the peer never sends beyond it.
     */
    private int growth(boolean caughtUp) {
        long window;
        synchronized (state) {
            window = receiveWindow;
            if (!caughtUp || window >= TunnelProtocol.MAX_WINDOW || writtenSinceGrowth < window) {
                return 0;
            }
        }
        int extra = (int) Math.min(window, TunnelProtocol.MAX_WINDOW - window);
        if (!mux.reserveWindowGrowth(extra)) {
            return 0;
        }
        synchronized (state) {
            if (growthReleased) { // the stream ended meanwhile: its growth went back already
                mux.returnWindowGrowth(extra);
                return 0;
            }
            receiveWindow += extra;
            writtenSinceGrowth = 0;
        }
        return extra;
    }

    /** The growth this stream holds beyond {@link TunnelProtocol#WINDOW}, handed back once when the stream ends. */
    long releaseGrowth() {
        synchronized (state) {
            if (growthReleased) {
                return 0;
            }
            growthReleased = true;
            return receiveWindow - TunnelProtocol.WINDOW;
        }
    }

    /** Whether {@code next} is more bytes that fit after {@code n} in a buffer of {@code capacity}. */
    private static boolean joinable(Chunk next, int n, int capacity) {
        return next != null && next != FIN_MARK && next != ABORT_MARK && next != CREDIT_MARK
                && n + next.length() <= capacity;
    }

    private void finishIfDone() {
        if (sentFin && wroteFin && !aborted) {
            aborted = true;
            end.close();
            inbox.add(ABORT_MARK);
            mux.forget(this);
        }
    }
}
