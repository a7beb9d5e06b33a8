package io.castellan.sdk.tunnel;

import io.castellan.model.tunnel.LocalEnd;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Objects;

/**
 * A stream's TCP connection: the target's on the gateway, the accepted local one on the CLI.
 *
 * <p>It starts as a blocking channel. After {@link #enableWriteNow()} the channel is non-blocking, so that the
 * tunnel's receiving thread can write to it without ever waiting ({@link #writeNow}); {@link #input()} and
 * {@link #output()} still block for the stream's pumps, each waiting for readiness on a selector of its own (its own,
 * because one thread waits to read while the other waits to write). A selector costs two file descriptors, so the
 * tunnel asks for this only on streams whose pumps hold platform threads, which a budget bounds.
 */
public final class ChannelEnd implements LocalEnd {

    private final SocketChannel channel;
    private final InputStream in = new In();
    private final OutputStream out = new Out();
    private final Object lock = new Object();
    private Selector readable; // guarded by lock, as writable and closed
    private Selector writable;
    private boolean closed;
    private volatile boolean nonBlocking;

    /** @param channel a connected channel in blocking mode */
    public ChannelEnd(SocketChannel channel) {
        this.channel = Objects.requireNonNull(channel, "channel");
    }

    @Override
    public InputStream input() {
        return in;
    }

    @Override
    public OutputStream output() {
        return out;
    }

    @Override
    public void shutdownOutput() throws IOException {
        if (channel.isOpen()) {
            channel.shutdownOutput();
        }
    }

    @Override
    public boolean enableWriteNow() {
        try {
            channel.configureBlocking(false);
            nonBlocking = true;
            return true;
        } catch (IOException e) {
            return false; // closed already: the pumps will find out
        }
    }

    @Override
    public int writeNow(byte[] bytes, int offset, int length) throws IOException {
        if (!nonBlocking) {
            throw new IllegalStateException("writeNow before enableWriteNow");
        }
        return channel.write(ByteBuffer.wrap(bytes, offset, length));
    }

    /** Closes the channel and wakes a pump waiting on it (which then finds it closed); idempotent, never throws. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        closeQuietly(channel);
        // the socket's descriptor goes once no selector holds it; closing one wakes a pump waiting on it
        closeQuietly(readable);
        closeQuietly(writable);
    }

    /** Blocks until the channel is ready for {@code op} (or closed). */
    private void await(int op) throws IOException {
        Selector selector;
        synchronized (lock) {
            if (closed) {
                throw new ClosedChannelException();
            }
            selector = op == SelectionKey.OP_READ ? readable : writable;
            if (selector == null) {
                selector = Selector.open();
                channel.register(selector, op);
                if (op == SelectionKey.OP_READ) {
                    readable = selector;
                } else {
                    writable = selector;
                }
            }
        }
        selector.select(key -> { }); // ready or woken by close(): the caller tries again either way
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            // closing: nothing left to do
        }
    }

    /** Reads that block: straight from a blocking channel, or waiting for readiness on a non-blocking one. */
    private final class In extends InputStream {

        /** The last read took less than it asked for: the socket had nothing more then. */
        private boolean drained;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
            if (!nonBlocking) {
                return channel.read(buffer);
            }
            if (drained) {
                // most likely nothing came since: waiting first saves a read that would only say so
                await(SelectionKey.OP_READ);
            }
            while (true) {
                int n = channel.read(buffer);
                if (n != 0) {
                    drained = n < len;
                    return n;
                }
                await(SelectionKey.OP_READ);
            }
        }
    }

    /** Writes that block until the channel took every byte. */
    private final class Out extends OutputStream {

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
            while (buffer.hasRemaining()) {
                if (channel.write(buffer) == 0 && nonBlocking) {
                    await(SelectionKey.OP_WRITE);
                }
            }
        }
    }
}
