package io.castellan.sdk.transport;

import io.castellan.crypto.Base64s;
import io.castellan.crypto.CryptoException;
import io.castellan.crypto.EcKeys;
import io.castellan.sdk.config.InvalidClientConfigException;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One of the server's transmission public keys: the P-256 point (raw, 65 bytes) a device seals each request's
 * transmission key to, and the id it names in the {@code PublicKeyId} header. Public data, so it may be printed.
 *
 * @param keyId the server's id for the key
 * @param publicKey the raw uncompressed point {@code 04‖X‖Y}
 */
public record ServerKey(int keyId, byte[] publicKey) {

    /** Checks that the point lies on P-256 and copies it. */
    public ServerKey {
        if (keyId < 0) {
            throw new InvalidClientConfigException("a server key id cannot be negative");
        }
        try {
            EcKeys.publicKeyFromRaw(publicKey);
        } catch (CryptoException e) {
            throw new InvalidClientConfigException("the server public key is not a P-256 point");
        }
        publicKey = publicKey.clone();
    }

    /**
     * @param keyId the id
     * @param webSafeBase64 the point as web-safe base64 (the form of {@code serverPublicKey})
     * @return the key
     */
    public static ServerKey of(int keyId, String webSafeBase64) {
        try {
            return new ServerKey(keyId, Base64s.decodeWebSafe(webSafeBase64));
        } catch (CryptoException e) {
            throw new InvalidClientConfigException("the server public key is not web-safe base64");
        }
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /**
     * @return the point as a P-256 key, parsed once per distinct key: a device seals every request to it, and
     *     parsing the point each time cost more than the ECDH itself (bench/README.md)
     */
    public ECPublicKey jdkKey() {
        ECPublicKey key = PARSED.get(this);
        if (key == null) {
            key = EcKeys.publicKeyFromRaw(publicKey);
            if (PARSED.size() >= PARSED_MAX) {
                PARSED.clear();
            }
            PARSED.put(this, key);
        }
        return key;
    }

    /** Parsed keys by value; public data. A process talks to few servers, each with few keys: bounded anyway. */
    private static final Map<ServerKey, ECPublicKey> PARSED = new ConcurrentHashMap<>();
    private static final int PARSED_MAX = 64;

    /** @return the point as web-safe base64 without padding */
    public String webSafe() {
        return Base64s.encodeWebSafe(publicKey);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServerKey k && k.keyId == keyId && Arrays.equals(k.publicKey, publicKey);
    }

    @Override
    public int hashCode() {
        return 31 * keyId + Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return "ServerKey[" + keyId + ", " + webSafe() + "]";
    }
}
