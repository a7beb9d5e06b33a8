package io.castellan.sdk.tunnel;

import io.castellan.model.tunnel.PumpThreads;
import io.castellan.model.tunnel.TunnelMux;
import io.castellan.model.tunnel.TunnelProtocol;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The direct path of a tunnel: one TCP connection between the CLI and the gateway, past its preamble (magic and
 * token, {@link DirectDialer}), carrying the same wire messages as the relay, each behind a 4-byte big-endian length
 * ({@link TunnelProtocol#DIRECT_LENGTH_PREFIX}). Every message is sealed end to end as on the relay, so this path adds
 * no TLS of its own: what it carries is as safe from an observer on the network as from the relay.
 *
 * <p>Writes are synchronous (the mux sends in sequence order under its lock; a full socket buffer is the
 * back-pressure); a write that makes no progress for {@link #WRITE_TIMEOUT_NANOS} closes the link, as the relay socket
 * gives up on a relay that takes nothing for 60 s. Reading is one thread per link that hands each message to the mux.
 */
public final class DirectLink implements TunnelMux.Transport {

    /** How long one write may wait for a peer that reads nothing. */
    static final long WRITE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final Set<DirectLink> WRITING = ConcurrentHashMap.newKeySet();
    private static volatile Thread watchdog;

    private final Socket socket;
    private final String name;
    private final InputStream in;
    private final OutputStream out;
    private final Object writeLock = new Object();
    private final byte[] writeBuffer = new byte[TunnelProtocol.DIRECT_LENGTH_PREFIX + TunnelProtocol.MAX_MESSAGE];
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    private volatile long writeStartedNanos;
    private volatile boolean closed;
    private volatile String closeReason;

    /**
     * @param socket a connected socket past the direct preamble
     * @param name   names the reader thread (the tunnel id, never a secret)
     */
    public DirectLink(Socket socket, String name) throws IOException {
        this.socket = socket;
        this.name = name;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Starts handing received messages to {@code mux}; the link's end (or a broken length) ends the tunnel. */
    public void start(TunnelMux mux) {
        PumpThreads.SHARED.start("tunnel-direct-" + name, () -> readLoop(mux));
    }

    private void readLoop(TunnelMux mux) {
        String why;
        try {
            why = readMessages(mux);
        } catch (IOException e) {
            why = "the direct connection failed: " + e.getClass().getSimpleName();
        }
        closeSocket();
        if (!closed) {
            mux.transportClosed(why);
        }
    }

    /** @return why reading ended (the peer closed, or sent a length out of bounds) */
    private String readMessages(TunnelMux mux) throws IOException {
        int prefix = TunnelProtocol.DIRECT_LENGTH_PREFIX;
        byte[] buf = new byte[2 * (prefix + TunnelProtocol.MAX_MESSAGE)];
        int start = 0;
        int end = 0;
        while (true) {
            while (end - start < prefix) {
                if (buf.length - end < prefix) {
                    System.arraycopy(buf, start, buf, 0, end - start);
                    end -= start;
                    start = 0;
                }
                int n = in.read(buf, end, buf.length - end);
                if (n < 0) {
                    return end == start ? "the direct connection ended" : "the direct connection ended inside a"
                            + " message";
                }
                end += n;
            }
            int length = ByteBuffer.wrap(buf, start, prefix).getInt();
            if (length < 1 || length > TunnelProtocol.MAX_MESSAGE) {
                return "the direct connection carried a message of " + length + " bytes (1 to "
                        + TunnelProtocol.MAX_MESSAGE + " allowed)";
            }
            while (end - start < prefix + length) {
                if (buf.length - start < prefix + length) {
                    System.arraycopy(buf, start, buf, 0, end - start);
                    end -= start;
                    start = 0;
                }
                int n = in.read(buf, end, buf.length - end);
                if (n < 0) {
                    return "the direct connection ended inside a message";
                }
                end += n;
            }
            bytesIn.addAndGet(length);
            mux.receive(ByteBuffer.wrap(buf, start + prefix, length));
            start += prefix + length;
            if (start == end) {
                start = 0;
                end = 0;
            }
        }
    }

    @Override
    public void send(byte[] message) throws IOException {
        int n = message.length;
        if (n < 1 || n > TunnelProtocol.MAX_MESSAGE) {
            throw new IllegalArgumentException("tunnel message of " + n + " bytes");
        }
        synchronized (writeLock) {
            System.arraycopy(message, 0, writeBuffer, TunnelProtocol.DIRECT_LENGTH_PREFIX, n);
            write(writeBuffer, TunnelProtocol.DIRECT_LENGTH_PREFIX, n);
        }
    }

    /**
     * The bulk path: the length goes into the headroom before the message, which is written in place.
     *
     * @return true: the message was written when this returns, and the buffer is the caller's again
     */
    @Override
    public boolean sendWithHeadroom(byte[] buffer, int offset, int length) throws IOException {
        if (length < 1 || length > TunnelProtocol.MAX_MESSAGE || offset < TunnelProtocol.DIRECT_LENGTH_PREFIX) {
            throw new IllegalArgumentException("tunnel message of " + length + " bytes at " + offset);
        }
        synchronized (writeLock) {
            write(buffer, offset, length);
        }
        return true;
    }

    /** Writes the length into the 4 bytes before {@code offset}, then the prefix and the message in one write. */
    private void write(byte[] buffer, int offset, int n) throws IOException {
        int prefix = TunnelProtocol.DIRECT_LENGTH_PREFIX;
        if (closed) {
            throw new IOException(closeReason != null ? closeReason : "the direct connection is closed");
        }
        ByteBuffer.wrap(buffer, offset - prefix, prefix).putInt(n);
        writeStartedNanos = System.nanoTime();
        WRITING.add(this);
        watch();
        try {
            out.write(buffer, offset - prefix, prefix + n);
        } catch (IOException e) {
            closeSocket();
            throw new IOException(closeReason != null ? closeReason
                    : "sending on the direct connection failed: " + e.getClass().getSimpleName());
        } finally {
            WRITING.remove(this);
            writeStartedNanos = 0;
        }
        bytesOut.addAndGet(n);
    }

    /**
     * Ends the link after what was written: the peer reads the CLOSE frame before the end of the stream (a socket
     * closed with bytes unread could reset the connection instead); the reader closes the socket when the peer
     * closes its side, and the socket is closed anyway after 5 s.
     */
    @Override
    public void close(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            closeSocket();
            return;
        }
        java.util.concurrent.CompletableFuture.delayedExecutor(5, TimeUnit.SECONDS).execute(this::closeSocket);
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing
        }
    }

    /** @return wire message bytes received (without their length prefixes) */
    public long bytesIn() {
        return bytesIn.get();
    }

    /** @return wire message bytes sent (without their length prefixes) */
    public long bytesOut() {
        return bytesOut.get();
    }

    /** @return the peer's address as {@code HOST:PORT}, for log lines and the CLI's note of its path */
    public String peer() {
        if (socket.getRemoteSocketAddress() instanceof java.net.InetSocketAddress a) {
            return a.getHostString() + ":" + a.getPort();
        }
        return "?";
    }

    /** Starts the one thread that closes links whose peer has taken nothing for a minute. */
    private static void watch() {
        if (watchdog != null) {
            return;
        }
        synchronized (DirectLink.class) {
            if (watchdog == null) {
                watchdog = Thread.ofPlatform().daemon().name("tunnel-direct-watchdog").start(DirectLink::watchLoop);
            }
        }
    }

    private static void watchLoop() {
        while (true) {
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (DirectLink link : WRITING) {
                long started = link.writeStartedNanos;
                if (started != 0 && now - started > WRITE_TIMEOUT_NANOS) {
                    link.closeReason = "the other end of the direct connection took nothing for "
                            + TimeUnit.NANOSECONDS.toSeconds(WRITE_TIMEOUT_NANOS) + " s";
                    link.closeSocket();
                }
            }
        }
    }
}
