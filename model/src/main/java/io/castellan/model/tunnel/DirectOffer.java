package io.castellan.model.tunnel;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The payload of the gateway's {@link FrameType#DIRECT} frame: either "no direct path" or the addresses at which the
 * CLI may connect to the gateway itself, and a one-time token that connection must present. It travels sealed, so
 * only the CLI that took part in the key agreement learns the token; the relay sees neither the addresses nor the
 * token.
 *
 * <pre>
 * 0x00                                                          no direct path: the tunnel stays on the relay
 * 0x01 ‖ token (32) ‖ port (2) ‖ count (1) ‖ { length (1) ‖ host (ASCII) }…   count 1 to 8, each host 1 to 253
 * </pre>
 *
 * @param token one-time token ({@link #TOKEN_LENGTH} bytes), empty when {@link #available} is false
 * @param port  the gateway's direct port (1 to 65535), 0 when there is none
 * @param hosts where the gateway may be reached, in the order to try (host names or IP literals)
 */
public record DirectOffer(byte[] token, int port, List<String> hosts) {

    /** Length of the one-time token. */
    public static final int TOKEN_LENGTH = 32;
    /** Most addresses an offer lists. */
    public static final int MAX_HOSTS = 8;
    /** Longest host. */
    public static final int MAX_HOST = 253;
    /** Longest encoded offer. */
    public static final int MAX_ENCODED = 1 + TOKEN_LENGTH + 2 + 1 + MAX_HOSTS * (1 + MAX_HOST);
    /** The gateway takes no direct connections (or not for this tunnel). */
    public static final DirectOffer NONE = new DirectOffer(new byte[0], 0, List.of());

    /** Host names and IPv4/IPv6 literals, nothing that could be read as more than one address. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_HOST + "}");

    public DirectOffer {
        token = token.clone();
        hosts = List.copyOf(hosts);
        if (!hosts.isEmpty() || port != 0 || token.length != 0) {
            if (token.length != TOKEN_LENGTH) {
                throw new TunnelProtocolException("direct offer token of " + token.length + " bytes ("
                        + TOKEN_LENGTH + " expected)");
            }
            if (port < 1 || port > 65_535) {
                throw new TunnelProtocolException("direct offer port " + port + " (1 to 65535 allowed)");
            }
            if (hosts.isEmpty() || hosts.size() > MAX_HOSTS) {
                throw new TunnelProtocolException("direct offer of " + hosts.size() + " hosts (1 to " + MAX_HOSTS
                        + " allowed)");
            }
            for (String h : hosts) {
                if (!HOST.matcher(h).matches()) {
                    throw new TunnelProtocolException("direct offer host is not a host name or IP address");
                }
            }
        }
    }

    /**
     * @param token one-time token
     * @param port  the gateway's direct port
     * @param hosts where the CLI may reach it
     * @return the offer
     * @throws TunnelProtocolException naming what is wrong with it
     */
    public static DirectOffer of(byte[] token, int port, List<String> hosts) {
        return new DirectOffer(token, port, hosts);
    }

    /** @return whether the CLI may try a direct connection */
    public boolean available() {
        return port != 0;
    }

    @Override
    public byte[] token() {
        return token.clone();
    }

    /** @return the payload of a DIRECT frame */
    public byte[] encode() {
        if (!available()) {
            return new byte[] {0};
        }
        ByteBuffer out = ByteBuffer.allocate(MAX_ENCODED).put((byte) 1).put(token).putShort((short) port)
                .put((byte) hosts.size());
        for (String h : hosts) {
            byte[] b = h.getBytes(StandardCharsets.US_ASCII);
            out.put((byte) b.length).put(b);
        }
        byte[] encoded = new byte[out.position()];
        out.flip().get(encoded);
        return encoded;
    }

    /**
     * @param payload a DIRECT frame's payload
     * @throws TunnelProtocolException naming the problem (hostile input is expected here)
     */
    public static DirectOffer decode(byte[] payload) {
        if (payload.length < 1 || payload.length > MAX_ENCODED) {
            throw new TunnelProtocolException("direct offer of " + payload.length + " bytes (1 to " + MAX_ENCODED
                    + " allowed)");
        }
        ByteBuffer in = ByteBuffer.wrap(payload);
        int kind = in.get() & 0xff;
        if (kind == 0) {
            if (in.hasRemaining()) {
                throw new TunnelProtocolException("direct offer \"none\" with trailing bytes");
            }
            return NONE;
        }
        if (kind != 1 || in.remaining() < TOKEN_LENGTH + 3) {
            throw new TunnelProtocolException("direct offer of an unknown kind or too short");
        }
        byte[] token = new byte[TOKEN_LENGTH];
        in.get(token);
        int port = in.getShort() & 0xffff;
        int count = in.get() & 0xff;
        if (count < 1 || count > MAX_HOSTS) {
            throw new TunnelProtocolException("direct offer of " + count + " hosts (1 to " + MAX_HOSTS + " allowed)");
        }
        List<String> hosts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (!in.hasRemaining()) {
                throw new TunnelProtocolException("direct offer ends before its host " + (i + 1));
            }
            int length = in.get() & 0xff;
            if (length < 1 || length > in.remaining()) {
                throw new TunnelProtocolException("direct offer host " + (i + 1) + " of " + length + " bytes (1 to "
                        + in.remaining() + " left)");
            }
            byte[] host = new byte[length];
            in.get(host);
            hosts.add(new String(host, StandardCharsets.US_ASCII));
        }
        if (in.hasRemaining()) {
            throw new TunnelProtocolException("direct offer with " + in.remaining() + " trailing bytes");
        }
        return new DirectOffer(token, port, hosts);
    }

    @Override
    public String toString() {
        return available() ? "DirectOffer[" + String.join(",", hosts) + " port " + port + "]" : "DirectOffer[none]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DirectOffer d && port == d.port && hosts.equals(d.hosts)
                && java.security.MessageDigest.isEqual(token, d.token);
    }

    @Override
    public int hashCode() {
        return 31 * port + hosts.hashCode();
    }
}
