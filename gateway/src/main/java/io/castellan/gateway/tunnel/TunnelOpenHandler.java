package io.castellan.gateway.tunnel;

import io.castellan.sdk.tunnel.RelayClient;
import io.castellan.sdk.tunnel.RelaySocket;
import io.castellan.sdk.tunnel.ChannelEnd;

import io.castellan.crypto.Base64s;
import io.castellan.crypto.Signatures;
import io.castellan.gateway.rotation.ConfigurationFeatures;
import io.castellan.gateway.runner.JobContext;
import io.castellan.gateway.runner.JobHandler;
import io.castellan.gateway.runner.JobOutcome;
import io.castellan.model.gateway.CommandType;
import io.castellan.model.record.RecordData;
import io.castellan.model.tunnel.DirectOffer;
import io.castellan.model.tunnel.GatewayHandshake;
import io.castellan.model.tunnel.SwitchableTransport;
import io.castellan.model.tunnel.TunnelMux;
import io.castellan.model.tunnel.TunnelPortMapping;
import io.castellan.model.tunnel.TunnelProtocol;
import io.castellan.model.tunnel.TunnelTarget;
import io.castellan.sdk.Secret;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code tunnel-open}: reads the resource record (through the Secrets Manager API: only what the gateway's application
 * was granted), joins the tunnel's relay socket with its device key's signature, answers the CLI's key agreement and
 * then connects every stream the CLI opens to the record's host and port. The job succeeds once the tunnel is
 * established; the tunnel itself runs on until either end closes it.
 */
public final class TunnelOpenHandler implements JobHandler {

    private static final Logger LOG = LoggerFactory.getLogger(TunnelOpenHandler.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{16,64}");
    /** How long a target may take to accept a TCP connection. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration HELLO_TIMEOUT = Duration.ofSeconds(20);

    private final URI server;
    private final String clientId;
    private final ECPrivateKey deviceKey;
    private final SSLContext tls;
    private final DirectTunnels direct; // null: no direct path
    private volatile RelayClient relay; // started on the first tunnel

    /**
     * @param server    the server's base address ({@code https://HOST:PORT})
     * @param tls       trusts the server's certificate (pinned)
     * @param clientId  the gateway's client id
     * @param deviceKey the gateway's device key
     */
    public TunnelOpenHandler(URI server, SSLContext tls, String clientId, ECPrivateKey deviceKey) {
        this(server, tls, clientId, deviceKey, null);
    }

    /**
     * @param server    the server's base address ({@code https://HOST:PORT})
     * @param tls       trusts the server's certificate (pinned)
     * @param clientId  the gateway's client id
     * @param deviceKey the gateway's device key
     * @param direct    the direct tunnel port, or null when tunnels only go through the relay
     */
    public TunnelOpenHandler(URI server, SSLContext tls, String clientId, ECPrivateKey deviceKey,
            DirectTunnels direct) {
        this.direct = direct;
        this.server = Objects.requireNonNull(server, "server");
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.deviceKey = Objects.requireNonNull(deviceKey, "deviceKey");
        this.tls = Objects.requireNonNull(tls, "tls");
    }

    @Override
    public CommandType type() {
        return CommandType.TUNNEL_OPEN;
    }

    @Override
    public JobOutcome run(JobContext context) throws Exception {
        String tunnelId = id(context.arg("tunnelId", ""), "tunnelId");
        String nonce = id(context.arg("nonce", ""), "nonce");
        List<String> uids = context.command().recordUids();
        if (uids == null || uids.isEmpty() || uids.size() > 2) {
            throw new IllegalArgumentException("tunnel-open names the resource record and its PAM configuration");
        }
        String recordUid = uids.get(0);
        List<Secret> fetched = context.secrets().getSecrets(uids).records();
        RecordData record = find(fetched, recordUid, "record");
        if (uids.size() == 2) {
            requireTunnelingAllowed(find(fetched, uids.get(1), "PAM configuration"), uids.get(1));
        }
        TunnelTarget target = TunnelTarget.of(record, TunnelPortMapping.fromArgs(context.command().args()));
        String signature = Base64s.encodeWebSafe(Signatures.signDer(deviceKey,
                TunnelProtocol.relaySignedBytes(clientId, tunnelId, nonce)));
        RelaySocket socket = RelaySocket.connect(relay(), relayUri(tunnelId), TunnelProtocol.SIGNATURE + signature,
                Duration.ofSeconds(10));
        GatewayHandshake handshake;
        try {
            handshake = GatewayHandshake.answer(tunnelId, socket.awaitFirst(HELLO_TIMEOUT), deviceKey, target.seed());
            socket.send(handshake.answer());
        } catch (IOException | RuntimeException e) {
            socket.close("key agreement failed");
            throw e;
        }
        SwitchableTransport transport = new SwitchableTransport(socket, reason -> {
            direct.ended(tunnelId); // the final byte counts go to the relay before its socket closes
            socket.close(reason);
        });
        TunnelMux mux = TunnelMux.gateway(handshake.keys(), transport, stream -> connect(tunnelId, stream, target),
                new TunnelMux.Listener() {
                    @Override
                    public void closed(String reason, boolean clean) {
                        if (direct != null) {
                            direct.ended(tunnelId); // an offer not taken up is withdrawn
                        }
                        LOG.info("tunnel {} for record {} ended ({}{})", tunnelId, recordUid,
                                clean ? "" : "not cleanly: ", reason);
                    }
                });
        handshake.keys().wipe();
        DirectOffer offer = direct == null ? DirectOffer.NONE : direct.offer(tunnelId, mux, transport, socket);
        try {
            mux.sendDirectOffer(offer);
        } catch (IOException e) {
            mux.close("the relay failed");
            throw e;
        }
        socket.attach(mux);
        LOG.info("tunnel {} for record {} established: streams go to {}:{}{}", tunnelId, recordUid, target.host(),
                target.port(), offer.available() ? "; direct path offered" : "");
        return new JobOutcome("tunnel " + tunnelId + " established", Map.of("tunnelId", tunnelId));
    }

    private static RecordData find(List<Secret> fetched, String uid, String what) {
        return fetched.stream().filter(s -> s.uid().equals(uid)).map(Secret::data).findFirst()
                .orElseThrow(() -> new IllegalStateException("the gateway cannot read " + what + " " + uid
                        + " (share it, or its folder, with the gateway's application)"));
    }

    /**
     * The server checked the configuration's features already; the gateway checks the record too (as for rotation),
     * so a server that asked for a tunnel the configuration's owner never allowed is refused: the record is encrypted
     * under keys the server does not hold, so it cannot rewrite it.
     */
    private static void requireTunnelingAllowed(RecordData config, String configUid) {
        if (!ConfigurationFeatures.allows(config, "tunneling").orElse(true)) {
            throw new IllegalStateException("the PAM configuration " + configUid + " does not allow tunneling (its"
                    + " record, checked on the gateway)");
        }
    }

    /** One WebSocket client for all of this gateway's tunnels, started when the first one opens. */
    private synchronized RelayClient relay() throws IOException {
        if (relay == null) {
            relay = new RelayClient(tls, "gateway-tunnels");
        }
        return relay;
    }

    private URI relayUri(String tunnelId) {
        String scheme = "https".equals(server.getScheme()) ? "wss" : "ws";
        return URI.create(scheme + "://" + server.getRawAuthority() + TunnelProtocol.GATEWAY_PATH + "?tunnel="
                + tunnelId + "&client=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8));
    }

    private static io.castellan.model.tunnel.LocalEnd connect(String tunnelId, int stream, TunnelTarget target)
            throws IOException {
        String where = target.host() + ":" + target.port();
        SocketChannel channel = SocketChannel.open();
        Socket socket = channel.socket(); // its connect takes a timeout
        try {
            socket.connect(new InetSocketAddress(target.host(), target.port()), (int) CONNECT_TIMEOUT.toMillis());
            socket.setTcpNoDelay(true);
            LOG.debug("tunnel {} stream {} connected to {}", tunnelId, stream, where);
            return new ChannelEnd(channel);
        } catch (ConnectException e) {
            socket.close();
            throw new IOException("the target " + where + " refused the connection");
        } catch (SocketTimeoutException e) {
            socket.close();
            throw new IOException("the target " + where + " did not answer within " + CONNECT_TIMEOUT.toSeconds()
                    + " s");
        } catch (UnknownHostException e) {
            socket.close();
            throw new IOException("the target host " + target.host() + " is unknown to the gateway");
        } catch (IOException e) {
            socket.close();
            throw new IOException("the gateway could not connect to " + where + ": " + e.getClass().getSimpleName());
        }
    }

    private static String id(String value, String name) {
        if (!ID.matcher(value).matches()) {
            throw new IllegalArgumentException("tunnel-open: " + name + " is missing or malformed");
        }
        return value;
    }
}
