package io.castellan.client.api;

/**
 * An active user's public key, from {@code public_key}, to seal a share to.
 *
 * @param userUid the user's UID
 * @param publicKey the raw 65-byte P-256 point
 */
public record Recipient(String userUid, byte[] publicKey) {

    /** Copies the key. */
    public Recipient {
        publicKey = publicKey.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }
}
