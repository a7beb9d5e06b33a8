package io.castellan.client.transport;

/**
 * One transmission public key the server publishes.
 *
 * @param keyId the id sent back in the {@code PublicKeyId} header
 * @param publicKey the raw 65-byte P-256 point
 */
public record ServerKey(int keyId, byte[] publicKey) {

    /** Copies the key. */
    public ServerKey {
        publicKey = publicKey.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServerKey k && k.keyId == keyId && java.util.Arrays.equals(k.publicKey, publicKey);
    }

    @Override
    public int hashCode() {
        return keyId;
    }

    @Override
    public String toString() {
        return "ServerKey[" + keyId + "]";
    }
}
