package io.castellan.model.tunnel;

import java.nio.charset.StandardCharsets;

/** Constants of the tunnel protocol (docs/tunnels.md). */
public final class TunnelProtocol {

    /**
     * The CLI's WebSocket; the one-time relay token from {@code tunnel_open} goes in {@link #AUTHORIZATION} as
     * {@code Bearer TOKEN}, never in the URL (addresses end up in logs).
     */
    public static final String CLIENT_PATH = "/api/tunnel/v1/connect";
    /**
     * The gateway's WebSocket: {@code ?tunnel=ID&client=CLIENT_ID} (identifiers, not secrets) and the device key's
     * signature in {@link #AUTHORIZATION} as {@code Signature SIG}.
     */
    public static final String GATEWAY_PATH = "/api/tunnel/v1/gateway";
    /** The header that carries either end's credential to the relay. */
    public static final String AUTHORIZATION = "Authorization";
    /** The scheme of the CLI's relay token. */
    public static final String BEARER = "Bearer ";
    /** The scheme of the gateway's join signature. */
    public static final String SIGNATURE = "Signature ";
    /** Largest payload of one DATA frame. */
    public static final int MAX_PAYLOAD = 16 * 1024;
    /** Largest wire message: a sealed frame of the largest payload, with its headers and tag. */
    public static final int MAX_MESSAGE = MAX_PAYLOAD + 64;
    /** Bytes a stream may have in flight in one direction before the receiver grants more. */
    public static final int WINDOW = 256 * 1024;
    /** Streams one tunnel carries at once. */
    public static final int MAX_STREAMS = 1024;
    /** Longest message in a REFUSED, RESET or CLOSE frame, in bytes. */
    public static final int MAX_REASON = 512;

    private static final String RELAY_CONTEXT = "castellan-tunnel-relay-v1";
    private static final String KEY_CONTEXT = "castellan-tunnel-key-v1";

    private TunnelProtocol() {
    }

    /**
     * What a gateway signs with its device key to join a tunnel's relay: {@code castellan-tunnel-relay-v1|CLIENT_ID|
     * TUNNEL_ID|NONCE}, the nonce coming from the {@code tunnel-open} command (one use).
     */
    public static byte[] relaySignedBytes(String clientId, String tunnelId, String nonce) {
        return (RELAY_CONTEXT + "|" + clientId + "|" + tunnelId + "|" + nonce).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * What a gateway signs with its device key to vouch for its ephemeral key: the label and the key-agreement
     * transcript ({@code TunnelKeys.transcript}), so the CLI knows the key is the gateway's and meant for this tunnel.
     */
    public static byte[] keySignedBytes(byte[] transcript) {
        byte[] label = KEY_CONTEXT.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[label.length + 1 + transcript.length];
        System.arraycopy(label, 0, out, 0, label.length);
        System.arraycopy(transcript, 0, out, label.length + 1, transcript.length);
        return out;
    }

    /** A reason as bounded, printable text: control characters become spaces, the length is capped. */
    public static String printable(String reason) {
        if (reason == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        reason.codePoints().limit(200).forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return out.toString();
    }
}
