package io.castellan.server.keys;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Base64;

/**
 * One server key pair of the transmission-key protocol: clients seal a fresh AES-256 transmission key to
 * {@link #publicKey()} with ECIES (P-256) and name it by {@link #keyId()}.
 *
 * @param keyId   positive, increasing with each rotation
 * @param keyPair the P-256 key pair; the private half never leaves the server
 */
public record TransmissionKey(int keyId, KeyPair keyPair) {

    public TransmissionKey {
        if (keyId < 1) {
            throw new IllegalArgumentException("transmission key id must be positive, was " + keyId);
        }
        if (!(keyPair.getPublic() instanceof ECPublicKey)) {
            throw new IllegalArgumentException("transmission key " + keyId + " is not an EC key");
        }
    }

    public ECPublicKey publicKey() {
        return (ECPublicKey) keyPair.getPublic();
    }

    public PrivateKey privateKey() {
        return keyPair.getPrivate();
    }

    /** The 65-byte uncompressed point {@code 0x04 || X || Y}. */
    public byte[] publicKeyRaw() {
        return EcPoints.toUncompressed(publicKey());
    }

    /** {@link #publicKeyRaw()} in URL-safe base64 without padding, as published to clients. */
    public String publicKeyWebSafe() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(publicKeyRaw());
    }

    @Override
    public String toString() {
        return "TransmissionKey[" + keyId + ", " + publicKeyWebSafe() + "]"; // never the private key
    }
}
