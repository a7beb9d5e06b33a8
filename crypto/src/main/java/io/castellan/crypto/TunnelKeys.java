package io.castellan.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;

/**
 * The two AES-256-GCM keys of one tunnel, one per direction, from a fresh ECDH agreement between the CLI's and the
 * gateway's ephemeral P-256 keys (docs/tunnels.md, "Key agreement").
 *
 * <p>{@code HKDF-SHA256(salt = SHA-256("castellan-tunnel-seed-v1" ‖ seed), ikm = ECDH x-coordinate,
 * info = transcript)} gives 64 bytes: the first 32 seal CLI → gateway frames, the last 32 gateway → CLI frames. The
 * seed is the record's traffic encryption seed, which only holders of the record key can read: a server that lied
 * about the gateway's key still could not derive these keys. The transcript ({@link #transcript}) binds the tunnel id
 * and both ephemeral keys, so keys of one tunnel are useless in another.
 *
 * @param clientToGateway key of the CLI → gateway direction
 * @param gatewayToClient key of the gateway → CLI direction
 */
public record TunnelKeys(byte[] clientToGateway, byte[] gatewayToClient) {

    static final byte[] SEED_LABEL = "castellan-tunnel-seed-v1".getBytes(StandardCharsets.US_ASCII);
    static final byte[] TRANSCRIPT_LABEL = "castellan-tunnel-v1".getBytes(StandardCharsets.US_ASCII);

    /**
     * @param mine       this side's ephemeral private key
     * @param theirs     the other side's ephemeral public key (checked to be on P-256)
     * @param seed       the record's traffic encryption seed (UTF-8 bytes; empty when the record has none)
     * @param transcript {@link #transcript} of this tunnel
     */
    public static TunnelKeys derive(ECPrivateKey mine, ECPublicKey theirs, byte[] seed, byte[] transcript) {
        byte[] shared = P256.ecdh(mine, theirs);
        byte[] salt = seedSalt(seed);
        byte[] okm = Hkdf.derive(salt, shared, transcript, 64);
        try {
            return new TunnelKeys(Arrays.copyOf(okm, 32), Arrays.copyOfRange(okm, 32, 64));
        } finally {
            Wipe.wipeAll(shared, salt, okm);
        }
    }

    /**
     * What the gateway signs and both sides feed HKDF: {@code "castellan-tunnel-v1" ‖ 0 ‖ tunnelId ‖ 0 ‖ clientKey ‖
     * gatewayKey} (raw uncompressed points, fixed 65 bytes each).
     */
    public static byte[] transcript(String tunnelId, byte[] clientRawKey, byte[] gatewayRawKey) {
        if (clientRawKey.length != EcKeys.RAW_PUBLIC_KEY_LENGTH || gatewayRawKey.length != EcKeys.RAW_PUBLIC_KEY_LENGTH) {
            throw new CryptoException("tunnel keys must be raw uncompressed P-256 points");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(TRANSCRIPT_LABEL);
        out.write(0);
        out.writeBytes(tunnelId.getBytes(StandardCharsets.UTF_8));
        out.write(0);
        out.writeBytes(clientRawKey);
        out.writeBytes(gatewayRawKey);
        return out.toByteArray();
    }

    private static byte[] seedSalt(byte[] seed) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(SEED_LABEL);
            sha.update(seed);
            return sha.digest();
        } catch (GeneralSecurityException e) {
            throw new CryptoException("SHA-256 unavailable", e);
        }
    }

    /** Wipes both keys. */
    public void wipe() {
        Wipe.wipeAll(clientToGateway, gatewayToClient);
    }
}
