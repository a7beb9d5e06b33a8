package io.castellan.sdk.tunnel;

import io.castellan.model.tunnel.DirectOffer;
import io.castellan.model.tunnel.TunnelProtocol;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The CLI's side of the direct path: tries the addresses of the gateway's offer in order, sends the preamble
 * ({@link TunnelProtocol#directMagic} and the offer's one-time token) and waits for the gateway's
 * {@link TunnelProtocol#DIRECT_ACCEPTED}. The first address that answers wins; when none does, the tunnel stays on
 * the relay.
 */
public final class DirectDialer {

    private DirectDialer() {
    }

    /**
     * @param offer   the gateway's offer (available)
     * @param name    names the link's reader thread (the tunnel id)
     * @param timeout how long each address may take to connect, and the gateway to accept
     * @return the link, not started yet
     * @throws IOException naming, per address, why it failed ("refused", "timed out", "refused the token")
     */
    public static DirectLink dial(DirectOffer offer, String name, Duration timeout) throws IOException {
        if (!offer.available()) {
            throw new IOException("the gateway offers no direct path");
        }
        List<String> failures = new ArrayList<>();
        for (String host : offer.hosts()) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(host, offer.port()), (int) timeout.toMillis());
                socket.setTcpNoDelay(true);
                socket.setKeepAlive(true);
                byte[] magic = TunnelProtocol.directMagic();
                byte[] token = offer.token();
                byte[] preamble = new byte[magic.length + token.length];
                System.arraycopy(magic, 0, preamble, 0, magic.length);
                System.arraycopy(token, 0, preamble, magic.length, token.length);
                java.util.Arrays.fill(token, (byte) 0);
                socket.getOutputStream().write(preamble);
                java.util.Arrays.fill(preamble, (byte) 0);
                socket.setSoTimeout((int) timeout.toMillis());
                InputStream in = socket.getInputStream();
                int answer = in.read();
                if (answer != TunnelProtocol.DIRECT_ACCEPTED) {
                    failures.add(host + ":" + offer.port() + " did not take the tunnel's token");
                    socket.close();
                    continue;
                }
                socket.setSoTimeout(0);
                return new DirectLink(socket, name);
            } catch (ConnectException e) {
                failures.add(host + ":" + offer.port() + " refused the connection");
            } catch (SocketTimeoutException e) {
                failures.add(host + ":" + offer.port() + " did not answer within " + timeout.toMillis() + " ms");
            } catch (UnknownHostException e) {
                failures.add(host + " is an unknown host");
            } catch (IOException e) {
                failures.add(host + ":" + offer.port() + ": " + e.getClass().getSimpleName());
            }
            closeQuietly(socket);
        }
        throw new IOException("no direct path to the gateway (" + String.join("; ", failures) + ")");
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing
        }
    }
}
