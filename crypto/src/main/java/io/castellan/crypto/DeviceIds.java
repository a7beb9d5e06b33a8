package io.castellan.crypto;

import java.nio.charset.StandardCharsets;

/**
 * The KSM device (client) id: how a server recognises a one-time token without storing it.
 *
 * <p>{@code clientId = std-base64(HMAC-SHA512(key = clientKey, message = "KEEPER_SECRETS_MANAGER_CLIENT_ID"))},
 * 88 characters, where {@code clientKey} is the 32 random bytes of the one-time token. The server
 * stores only the client id (and uses the client key, held by the vault owner, to encrypt the app
 * key); the SDK sends the client id with every request.
 */
public final class DeviceIds {

    /** The fixed HMAC message KSM uses. */
    public static final String CLIENT_ID_TAG = "KEEPER_SECRETS_MANAGER_CLIENT_ID";
    /** Length of a client key (the secret part of a one-time token). */
    public static final int CLIENT_KEY_LENGTH = 32;

    private static final byte[] TAG_BYTES = CLIENT_ID_TAG.getBytes(StandardCharsets.US_ASCII);

    private DeviceIds() {
    }

    /** The client id for a 32-byte client key. */
    public static String clientId(byte[] clientKey) {
        if (clientKey == null || clientKey.length != CLIENT_KEY_LENGTH) {
            throw new CryptoException("client key must be " + CLIENT_KEY_LENGTH + " bytes");
        }
        return Base64s.encode(Hmacs.hmacSha512(clientKey, TAG_BYTES));
    }

    /**
     * The client id for a one-time token {@code [REGION:]<web-safe base64 of 32 bytes>}. Like the
     * KSM SDKs, the key is the part after the first {@code :} if there is one.
     */
    public static String clientIdFromToken(String oneTimeToken) {
        byte[] clientKey = clientKeyFromToken(oneTimeToken);
        try {
            return clientId(clientKey);
        } finally {
            Wipe.wipe(clientKey);
        }
    }

    /** The 32-byte client key inside a one-time token (caller wipes it). */
    public static byte[] clientKeyFromToken(String oneTimeToken) {
        if (oneTimeToken == null) {
            throw new CryptoException("one-time token must not be null");
        }
        String[] parts = oneTimeToken.trim().split(":", -1);
        byte[] clientKey = Base64s.decodeWebSafe(parts.length == 1 ? parts[0] : parts[1]);
        if (clientKey.length != CLIENT_KEY_LENGTH) {
            Wipe.wipe(clientKey);
            throw new CryptoException("one-time token must carry a " + CLIENT_KEY_LENGTH + "-byte key");
        }
        return clientKey;
    }
}
