package io.castellan.bench;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The target every path of the tunnel benchmark reaches (direct, {@code ssh -L}, Castellan tunnel): a loopback TCP
 * server, one virtual thread per connection. The first byte picks the mode: {@code 'S'} sink (reads to the end of
 * the stream, then answers the byte count as 8 bytes, so the sender knows every byte arrived) or {@code 'E'} echo
 * (writes back whatever it reads).
 */
final class TunnelTargetServer implements AutoCloseable {

    private final ServerSocket listener;

    TunnelTargetServer() throws IOException {
        listener = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("bench-target-accept").start(this::acceptLoop);
    }

    int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                s.setTcpNoDelay(true);
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static void serve(Socket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            int mode = in.read();
            byte[] buf = new byte[64 * 1024];
            if (mode == 'S') {
                long total = 0;
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                    total += n;
                }
                new DataOutputStream(out).writeLong(total);
                out.flush();
            } else if (mode == 'E') {
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // the client went away; nothing to report on the target's side
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
