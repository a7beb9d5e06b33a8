package io.castellan.sdk.tunnel;

import io.castellan.model.tunnel.LocalEnd;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/** A stream's TCP connection: the target's on the gateway, the accepted local one on the CLI. */
public final class SocketEnd implements LocalEnd {

    private final Socket socket;

    /** @param socket the connected socket */
    public SocketEnd(Socket socket) {
        this.socket = socket;
    }

    @Override
    public InputStream input() throws IOException {
        return socket.getInputStream();
    }

    @Override
    public OutputStream output() throws IOException {
        return socket.getOutputStream();
    }

    @Override
    public void shutdownOutput() throws IOException {
        if (!socket.isClosed()) {
            socket.shutdownOutput();
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing: nothing left to do
        }
    }
}
