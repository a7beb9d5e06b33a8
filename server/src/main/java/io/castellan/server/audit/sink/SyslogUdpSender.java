package io.castellan.server.audit.sink;

import io.castellan.store.AuditEvent;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Syslog over UDP (RFC 5426): one message per datagram, cut at {@link SyslogFormat#MAX_UDP_BYTES} bytes (at a
 * character boundary). UDP has no acknowledgement, so "accepted" means "sent": a receiver that is down loses what
 * was sent meanwhile. Use TCP or TLS where that matters.
 */
final class SyslogUdpSender implements EventSender {

    private final InetSocketAddress target;
    private final String facility;
    private final String hostname;
    private DatagramSocket socket;

    SyslogUdpSender(String host, int port, String facility, String hostname) {
        this.target = new InetSocketAddress(host, port);
        this.facility = facility;
        this.hostname = hostname;
    }

    @Override
    public void send(List<AuditEvent> batch) throws IOException {
        if (socket == null) {
            socket = new DatagramSocket();
        }
        InetSocketAddress resolved = target.isUnresolved()
                ? new InetSocketAddress(target.getHostString(), target.getPort()) : target;
        if (resolved.isUnresolved()) {
            throw new IOException("cannot resolve the syslog host");
        }
        for (AuditEvent event : batch) {
            byte[] datagram = SyslogFormat.truncated(SyslogFormat.message(event, facility, hostname),
                    SyslogFormat.MAX_UDP_BYTES);
            socket.send(new DatagramPacket(datagram, datagram.length, resolved));
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }
}
