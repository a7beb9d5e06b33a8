package io.castellan.model.tunnel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** The local side of one stream: an accepted socket on the CLI, the target connection on the gateway. */
public interface LocalEnd {

    /** Bytes from the local connection; reads block until some arrive. */
    InputStream input() throws IOException;

    /** Bytes to the local connection; writes block until the connection took them all. */
    OutputStream output() throws IOException;

    /** Half-close: the peer sent FIN, so no more bytes will be written (TCP shutdown of the output side). */
    void shutdownOutput() throws IOException;

    /** Closes both directions; idempotent, never throws. */
    void close();

    /**
     * Asks this end to also take writes that never block ({@link #writeNow}), before its streams are first used. An
     * end that says yes lets the tunnel's receiving thread write a stream's bytes itself, without waking the stream's
     * writer thread, since no write can stall it.
     *
     * @return false when this end cannot (then every write goes through {@link #output()})
     */
    default boolean enableWriteNow() {
        return false;
    }

    /**
     * Writes as much of {@code bytes[offset, offset + length)} as the local connection takes at once, never blocking;
     * only after {@link #enableWriteNow()} said yes, and never while a write through {@link #output()} is under way.
     *
     * @return the bytes written, 0 to {@code length}
     */
    default int writeNow(byte[] bytes, int offset, int length) throws IOException {
        throw new UnsupportedOperationException("this local end has no writes that never block");
    }
}
