package io.castellan.model.tunnel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** The local side of one stream: an accepted socket on the CLI, the target connection on the gateway. */
public interface LocalEnd {

    InputStream input() throws IOException;

    OutputStream output() throws IOException;

    /** Half-close: the peer sent FIN, so no more bytes will be written (TCP shutdown of the output side). */
    void shutdownOutput() throws IOException;

    /** Closes both directions; idempotent, never throws. */
    void close();
}
