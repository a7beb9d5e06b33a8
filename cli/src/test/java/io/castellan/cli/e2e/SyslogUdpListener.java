package io.castellan.cli.e2e;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A syslog receiver over UDP for tests: one message per datagram. */
final class SyslogUdpListener implements AutoCloseable {

    final List<String> messages = new CopyOnWriteArrayList<>();
    final List<Integer> sizes = new CopyOnWriteArrayList<>();
    private final DatagramSocket socket;

    SyslogUdpListener() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        Thread.ofVirtual().start(() -> {
            byte[] buffer = new byte[65_535];
            while (!socket.isClosed()) {
                DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(p);
                } catch (IOException e) {
                    return;
                }
                sizes.add(p.getLength());
                messages.add(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
            }
        });
    }

    int port() {
        return socket.getLocalPort();
    }

    @Override
    public void close() {
        socket.close();
    }
}
