package io.castellan.cli.e2e;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;

/**
 * A syslog receiver for tests over TCP or TLS, reading RFC 6587 octet-counted frames ({@code LEN SP MSG}) exactly:
 * a frame whose count is wrong garbles every later one, which the test's parsing then catches. {@link #stop} closes
 * the listening socket and every connection (the sink sees the receiver go away); a new listener can bind the same
 * port again.
 */
final class SyslogStreamListener implements AutoCloseable {

    private final ServerSocket server;
    private final List<String> messages;
    private final List<Socket> connections = new CopyOnWriteArrayList<>();

    private SyslogStreamListener(ServerSocket server, List<String> messages) {
        this.server = server;
        this.messages = messages;
        Thread.ofVirtual().start(this::acceptLoop);
    }

    /** Listens on {@code port} (0: any) of 127.0.0.1, adding each message to {@code messages}; TLS when given. */
    static SyslogStreamListener start(int port, SSLContext tls, List<String> messages) throws IOException {
        ServerSocket server = tls == null ? new ServerSocket() : tls.getServerSocketFactory().createServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress("127.0.0.1", port));
        return new SyslogStreamListener(server, messages);
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.add(s);
                Thread.ofVirtual().start(() -> read(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void read(Socket s) {
        try (s; InputStream raw = s.getInputStream()) {
            DataInputStream in = new DataInputStream(raw);
            while (true) {
                int length = readLength(in);
                if (length < 0) {
                    return;
                }
                byte[] message = new byte[length];
                in.readFully(message);
                messages.add(new String(message, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the connection ended
        }
    }

    /** The decimal count before the space; -1 at a clean end of stream. */
    private static int readLength(DataInputStream in) throws IOException {
        ByteArrayOutputStream digits = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (digits.size() == 0) {
                    return -1;
                }
                throw new EOFException("stream ended inside a frame length");
            }
            if (b == ' ') {
                return Integer.parseInt(digits.toString(StandardCharsets.US_ASCII));
            }
            if (b < '0' || b > '9' || digits.size() > 9) {
                throw new IOException("not an octet-counted frame: byte " + b);
            }
            digits.write(b);
        }
    }

    /** Closes the listening socket and every connection. */
    void stop() throws IOException {
        server.close();
        for (Socket s : connections) {
            s.close();
        }
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
