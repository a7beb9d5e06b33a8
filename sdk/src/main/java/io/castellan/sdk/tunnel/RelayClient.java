package io.castellan.sdk.tunnel;

import io.castellan.model.tunnel.TunnelProtocol;
import java.io.IOException;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * The WebSocket client an end uses to reach tunnel relays: Jetty's, over TLS with the caller's (pinned) context and
 * the usual host name check. Jetty's rather than the JDK's {@code java.net.http.WebSocket}: measured on the same
 * machine, it moves about twice the bytes per second each way over TLS (bench/README.md, the tunnel section), and it
 * lets several sends be outstanding. Messages larger than {@link TunnelProtocol#MAX_MESSAGE} are refused by Jetty
 * (close 1009) before they are assembled. Its threads are daemons, so an end that forgets to close it still exits.
 */
public final class RelayClient implements AutoCloseable {

    private final WebSocketClient jetty;

    /**
     * @param tls the TLS context (its trust pins the server)
     * @param name a name for the client's threads
     * @throws IOException when the client cannot start
     */
    public RelayClient(SSLContext tls, String name) throws IOException {
        SslContextFactory.Client ssl = new SslContextFactory.Client();
        ssl.setSslContext(tls);
        ssl.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host, as for the API
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName(name);
        threads.setDaemon(true);
        HttpClient http = new HttpClient();
        http.setSslContextFactory(ssl);
        http.setExecutor(threads);
        http.setConnectTimeout(10_000);
        jetty = new WebSocketClient(http);
        jetty.setMaxBinaryMessageSize(TunnelProtocol.MAX_MESSAGE);
        jetty.setMaxTextMessageSize(1024); // the relay never sends text; a text frame ends the tunnel
        jetty.setIdleTimeout(Duration.ZERO); // the relay pings every 10 s; an idle tunnel stays open
        jetty.setStopAtShutdown(false);
        try {
            jetty.start();
        } catch (Exception e) {
            throw new IOException("could not start the tunnel's WebSocket client: " + e.getClass().getSimpleName(),
                    e);
        }
    }

    WebSocketClient jetty() {
        return jetty;
    }

    /** Stops the client; its open sockets end. */
    @Override
    public void close() {
        try {
            jetty.stop();
        } catch (Exception e) {
            // stopping: nothing left to do
        }
    }
}
