package io.castellan.server.audit.sink;

import io.castellan.store.AuditEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Syslog over TCP (RFC 6587) or TLS (RFC 5425), framed by octet counting: {@code LENGTH SP MESSAGE}. One connection
 * stays open between batches; any failure drops it and the next batch reconnects. TLS verifies the server's
 * certificate (against the sink's CA file, or the JDK trust store) and its host name.
 */
final class SyslogStreamSender implements EventSender {

    static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    static final int WRITE_TIMEOUT_MILLIS = 30_000;

    private final String host;
    private final int port;
    private final String facility;
    private final String hostname;
    private final SSLSocketFactory tls;
    private Socket socket;

    /** @param tls null for plain TCP */
    SyslogStreamSender(String host, int port, String facility, String hostname, SSLSocketFactory tls) {
        this.host = host;
        this.port = port;
        this.facility = facility;
        this.hostname = hostname;
        this.tls = tls;
    }

    @Override
    public void send(List<AuditEvent> batch) throws IOException {
        StringBuilder frames = new StringBuilder();
        for (AuditEvent event : batch) {
            String message = SyslogFormat.message(event, facility, hostname);
            frames.append(message.getBytes(StandardCharsets.UTF_8).length).append(' ').append(message);
        }
        try {
            OutputStream out = connected().getOutputStream();
            out.write(frames.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private Socket connected() throws IOException {
        if (socket != null && !socket.isClosed() && peerStillThere(socket)) {
            return socket;
        }
        close();
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
            plain.setSoTimeout(WRITE_TIMEOUT_MILLIS);
            plain.setKeepAlive(true);
            if (tls == null) {
                socket = plain;
            } else {
                SSLSocket secure = (SSLSocket) tls.createSocket(plain, host, port, true);
                SSLParameters params = secure.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS"); // check the certificate names this host
                secure.setSSLParameters(params);
                secure.startHandshake();
                socket = secure;
            }
            return socket;
        } catch (IOException e) {
            plain.close();
            throw e;
        }
    }

    /**
     * Syslog receivers never write, so a read that does not time out means the receiver closed (or reset) the
     * connection: reconnect rather than write into a dead socket, whose kernel buffer would swallow the batch. (A
     * receiver that dies after this check can still lose what sits in its TCP buffer: RFC 6587 has no
     * acknowledgement. Webhook and Splunk HEC sinks are acknowledged end to end.)
     */
    private static boolean peerStillThere(Socket s) {
        try {
            s.setSoTimeout(1);
            return s.getInputStream().read() >= 0;
        } catch (java.net.SocketTimeoutException alive) {
            return true;
        } catch (IOException e) {
            return false;
        } finally {
            try {
                s.setSoTimeout(WRITE_TIMEOUT_MILLIS);
            } catch (IOException ignored) {
                // the next write fails and reconnects
            }
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // the connection is being dropped anyway
            }
            socket = null;
        }
    }
}
