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
     * batches (several sealed frames in one message), version 3 windows that grow (a receiver may grant more credit
     * than it took, up to {@link #MAX_WINDOW}), version 4 the direct path (the gateway's first sealed frame is a
     * {@link FrameType#DIRECT} offer); an end refuses a hello of another version, naming both.
     */
    public static final int VERSION = 4;
    /**
     * What a direct connection to the gateway starts with, before the offer's one-time token: ASCII
     * {@code CSTLDIR} and the protocol version.
     */
    private static final byte[] DIRECT_MAGIC = {'C', 'S', 'T', 'L', 'D', 'I', 'R', (byte) VERSION};
    /** The gateway's one-byte answer to a direct connection whose token it took; it closes any other. */
    public static final int DIRECT_ACCEPTED = 0x01;
    /** Length prefix of one wire message on the direct path: 4 bytes, big-endian. */
    public static final int DIRECT_LENGTH_PREFIX = 4;
    /** Largest payload of one DATA frame. */
    public static final int MAX_PAYLOAD = 16 * 1024;
    /** Largest sealed frame: a DATA frame's header (5) and payload, and the GCM tag (16). */
    public static final int MAX_SEALED_FRAME = 5 + MAX_PAYLOAD + 16;
    /**
     * Largest wire message: under 64 KiB with its WebSocket header (at most 14 bytes), so it travels as one frame
     * within Jetty's default frame limit (64 KiB) and any copy of it fits the largest buffer Jetty pools (64 KiB).
     */
    public static final int MAX_MESSAGE = 64 * 1024 - 64;
    /** DATA frames a stream sends in one batch message at most. */
    public static final int BATCH_FRAMES = 4;
    /**
     * DATA bytes a stream reads from its local socket and sends at once, as {@link #BATCH_FRAMES} DATA frames of a
     * quarter each (a little under {@link #MAX_PAYLOAD}): the batch's 9-byte header, each frame's 2-byte length,
     * 5-byte frame header and 16-byte tag, and 1 KiB for small frames must fit {@link #MAX_MESSAGE}. A sender with a
     * full credit window has four such messages in flight.
     */
    public static final int MAX_BATCH_DATA = BATCH_FRAMES * 16_000;
    /** Bytes a stream may have in flight in one direction before the receiver grants more, at first. */
    public static final int WINDOW = 256 * 1024;
    /**
     * The most a stream's window may grow to: a receiver whose local end keeps up with a full window doubles it (the
     * sender was waiting for credit, not the receiver for its socket), so one bulk transfer is not held to 256 KiB
     * per round trip through three hops.
     */
    public static final int MAX_WINDOW = 4 * 1024 * 1024;
    /** Growth beyond {@link #WINDOW} that the streams of one tunnel may hold at once, at each end. */
    public static final long TUNNEL_WINDOW_GROWTH = 16L * 1024 * 1024;
    /** Streams one tunnel carries at once. */
    public static final int MAX_STREAMS = 1024;
    /** Longest message in a REFUSED, RESET or CLOSE frame, in bytes. */
    public static final int MAX_REASON = 512;

    private static final String RELAY_CONTEXT = "castellan-tunnel-relay-v1";
    /** What the gateway's signature is over starts with this: the protocol version is signed too. */
    private static final String KEY_CONTEXT = "castellan-tunnel-key-v" + VERSION;

    private TunnelProtocol() {
    }

    /** @return a copy of {@link #DIRECT_MAGIC}: what a direct connection to the gateway starts with */
    public static byte[] directMagic() {
        return DIRECT_MAGIC.clone();
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
