package io.castellan.model.tunnel;

import java.nio.ByteBuffer;

/**
 * One binary WebSocket message of a tunnel: what the server relays without being able to open it.
 *
 * <pre>
 * 0x01 ‖ clientKey (65)                           CLI → gateway: its ephemeral P-256 key
 * 0x02 ‖ gatewayKey (65) ‖ signature (DER, ≤ 72)  gateway → CLI: its ephemeral key, signed by its device key
 * 0x03 ‖ sequence (8) ‖ AES-GCM(frame) ‖ tag (16)  either way, after the handshake
 * </pre>
 */
public sealed interface WireMessage {

    /** Raw uncompressed P-256 point length. */
    int KEY_LENGTH = 65;
    /** Longest DER ECDSA P-256 signature. */
    int MAX_SIGNATURE = 72;

    /** CLI → gateway, first message. */
    record ClientHello(byte[] key) implements WireMessage {
    }

    /** Gateway → CLI, answer to {@link ClientHello}. */
    record GatewayHello(byte[] key, byte[] signature) implements WireMessage {
    }

    /** A sealed {@link Frame}. */
    record Sealed(long sequence, byte[] ciphertext) implements WireMessage {
    }

    /** @return the message's bytes */
    default byte[] encode() {
        return switch (this) {
            case ClientHello h -> ByteBuffer.allocate(1 + KEY_LENGTH).put((byte) 1).put(h.key()).array();
            case GatewayHello h -> ByteBuffer.allocate(1 + KEY_LENGTH + h.signature().length).put((byte) 2)
                    .put(h.key()).put(h.signature()).array();
            case Sealed s -> ByteBuffer.allocate(9 + s.ciphertext().length).put((byte) 3).putLong(s.sequence())
                    .put(s.ciphertext()).array();
        };
    }

    /**
     * @param bytes one message as received
     * @throws TunnelProtocolException naming the problem (too long, unknown kind, bad length)
     */
    static WireMessage decode(ByteBuffer bytes) {
        int n = bytes.remaining();
        if (n < 1 || n > TunnelProtocol.MAX_MESSAGE) {
            throw new TunnelProtocolException("tunnel message of " + n + " bytes (1 to " + TunnelProtocol.MAX_MESSAGE
                    + " allowed)");
        }
        int kind = bytes.get() & 0xff;
        switch (kind) {
            case 1 -> {
                if (n != 1 + KEY_LENGTH) {
                    throw new TunnelProtocolException("client hello must carry a 65-byte key");
                }
                return new ClientHello(take(bytes, KEY_LENGTH));
            }
            case 2 -> {
                if (n < 1 + KEY_LENGTH + 8 || n > 1 + KEY_LENGTH + MAX_SIGNATURE) {
                    throw new TunnelProtocolException("gateway hello must carry a 65-byte key and a signature");
                }
                return new GatewayHello(take(bytes, KEY_LENGTH), take(bytes, bytes.remaining()));
            }
            case 3 -> {
                if (n < 9 + 16) {
                    throw new TunnelProtocolException("sealed tunnel frame too short");
                }
                long seq = bytes.getLong();
                return new Sealed(seq, take(bytes, bytes.remaining()));
            }
            default -> throw new TunnelProtocolException("unknown tunnel message kind " + kind);
        }
    }

    private static byte[] take(ByteBuffer in, int n) {
        byte[] out = new byte[n];
        in.get(out);
        return out;
    }
}
