package io.castellan.server.device;

import io.castellan.crypto.EcKeys;
import java.nio.ByteBuffer;
import java.security.interfaces.ECPublicKey;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bound devices' public keys, decoded once: every device request is verified against its key, and decoding the raw
 * point (with the on-curve check) each time was measurable. Keyed by the raw 65-byte point itself (public data), so
 * a re-bound or removed device simply stops using its entry; bounded by clearing when full (a cache miss costs one
 * decode, never a wrong key).
 */
final class DevicePublicKeys {

    static final int MAX_ENTRIES = 10_000;

    private final ConcurrentHashMap<ByteBuffer, ECPublicKey> decoded = new ConcurrentHashMap<>();

    /**
     * The key of the raw point {@code raw}.
     *
     * @throws io.castellan.crypto.CryptoException when it is not a P-256 public key (nothing is cached then)
     */
    ECPublicKey of(byte[] raw) {
        ByteBuffer id = ByteBuffer.wrap(raw);
        ECPublicKey known = decoded.get(id);
        if (known != null) {
            return known;
        }
        ECPublicKey key = EcKeys.publicKeyFromRaw(raw);
        if (decoded.size() >= MAX_ENTRIES) {
            decoded.clear();
        }
        decoded.put(ByteBuffer.wrap(raw.clone()), key);
        return key;
    }

    int size() {
        return decoded.size();
    }
}
