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
    /**
     * The protocol version both ends must speak; it is in both hellos and in what the gateway signs. Version 2 added
     * batches (several sealed frames in one message); an end refuses a hello of another version, naming both.
     */
    public static final int VERSION = 2;
    /** Largest payload of one DATA frame. */
    public static final int MAX_PAYLOAD = 16 * 1024;
    /** Largest sealed frame: a DATA frame's header (5) and payload, and the GCM tag (16). */
    public static final int MAX_SEALED_FRAME = 5 + MAX_PAYLOAD + 16;
    /**
     * DATA bytes a stream reads from its local socket and sends at once, as one batch of DATA frames: a fourth of the
     * credit window, so a sender with a full window has four such messages in flight.
     */
    public static final int MAX_BATCH_DATA = 4 * MAX_PAYLOAD;
    /**
     * Largest wire message: a batch of {@link #MAX_BATCH_DATA} in full DATA frames (each with its 2-byte length), its
     * 9-byte header, and 1 KiB of room for small frames (CREDIT, OPEN, ...) sent in the same batch.
     */
    public static final int MAX_MESSAGE = 9 + (MAX_BATCH_DATA / MAX_PAYLOAD) * (2 + MAX_SEALED_FRAME) + 1024;
    /**
     * The WebSocket input buffer of every hop (the ends' client, the relay's server): room for a whole message with
     * its WebSocket header. With Jetty's default (4 KiB) each message arrived in pieces that Jetty parsed as partial
     * frames and then copied into one new buffer.
     */
    public static final int SOCKET_INPUT_BUFFER = MAX_MESSAGE + 64;
    /** Bytes a stream may have in flight in one direction before the receiver grants more. */
    public static final int WINDOW = 256 * 1024;
    /** Streams one tunnel carries at once. */
    public static final int MAX_STREAMS = 1024;
    /** Longest message in a REFUSED, RESET or CLOSE frame, in bytes. */
    public static final int MAX_REASON = 512;

    private static final String RELAY_CONTEXT = "castellan-tunnel-relay-v1";
    /** What the gateway's signature is over starts with this: the protocol version is signed too. */
    private static final String KEY_CONTEXT = "castellan-tunnel-key-v" + VERSION;

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
     * What a gateway signs with its device key to vouch for its ephemeral key: the label (which names the protocol
     * version, so a relay that rewrote the hellos' version bytes breaks the signature) and the key-agreement
     * transcript ({@code TunnelKeys.transcript}), so the CLI knows the key is the gateway's and meant for this tunnel.
     */
    public static byte[] keySignedBytes(byte[] transcript) {
        byte[] label = KEY_CONTEXT.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[label.length + 1 + transcript.length];
        System.arraycopy(label, 0, out, 0, label.length);
        System.arraycopy(transcript, 0, out, label.length + 1, transcript.length);
        return out;
    }

    /**
     * The sentence both ends use to refuse a hello of another version, e.g. "the gateway speaks tunnel protocol
     * version 1 and this CLI version 2: update the gateway".
     */
    public static String versionMismatch(String peer, int peerVersion, String self) {
        String older = peerVersion < VERSION ? "the " + peer : peerVersion > VERSION ? "this " + self : "either";
        return "the " + peer + " speaks tunnel protocol version " + peerVersion + " and this " + self + " version "
                + VERSION + ": update " + older;
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
