package io.castellan.client.sm;

import io.castellan.client.transport.ServerKey;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.EcKeys;
import io.castellan.crypto.Wipe;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A ready device configuration in Keeper's key layout (ksm-protocol.md §2), in its <em>pre-bind</em> form: it holds
 * the one-time {@code clientKey} and a freshly generated device key, so the device binds on its first request
 * (sending the public key of {@code privateKey}) and then replaces {@code clientKey} with {@code appKey}.
 *
 * <p>Keys: {@code hostname} ({@code host[:port]}), {@code clientId}, {@code clientKey} (std base64),
 * {@code privateKey} (P-256 PKCS#8 DER, std base64), {@code serverPublicKey} (the server's transmission key, raw
 * point, web-safe base64) and {@code serverPublicKeyId}. Every value but the server key is secret.
 */
public final class PreBindConfig {

    public static final String HOSTNAME = "hostname";
    public static final String CLIENT_ID = "clientId";
    public static final String CLIENT_KEY = "clientKey";
    public static final String PRIVATE_KEY = "privateKey";
    public static final String SERVER_PUBLIC_KEY = "serverPublicKey";
    public static final String SERVER_PUBLIC_KEY_ID = "serverPublicKeyId";

    private PreBindConfig() {
    }

    /**
     * @param hostname the server's {@code host[:port]} (see {@link OneTimeAccessToken#configHostname})
     * @param token the device's one-time token
     * @param serverKey the server's current transmission key
     * @return the configuration, keys in the order above
     */
    public static Map<String, String> create(String hostname, OneTimeAccessToken token, ServerKey serverKey) {
        KeyPair pair = EcKeys.generateKeyPair();
        byte[] pkcs8 = EcKeys.pkcs8((ECPrivateKey) pair.getPrivate());
        try {
            Map<String, String> config = new LinkedHashMap<>();
            config.put(HOSTNAME, hostname);
            config.put(CLIENT_ID, token.clientId());
            config.put(CLIENT_KEY, Base64s.encode(token.clientKey()));
            config.put(PRIVATE_KEY, Base64s.encode(pkcs8));
            config.put(SERVER_PUBLIC_KEY, Base64s.encodeWebSafe(serverKey.publicKey()));
            config.put(SERVER_PUBLIC_KEY_ID, Integer.toString(serverKey.keyId()));
            return Collections.unmodifiableMap(config);
        } finally {
            Wipe.wipe(pkcs8);
        }
    }
}
