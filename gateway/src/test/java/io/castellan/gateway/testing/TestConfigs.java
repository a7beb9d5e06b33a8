package io.castellan.gateway.testing;

import io.castellan.crypto.Base64s;
import io.castellan.crypto.EcKeys;
import io.castellan.sdk.config.ClientConfig;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.util.LinkedHashMap;
import java.util.Map;

/** Device configurations made the way a bound device's looks: real keys, nothing shared with a server. */
public final class TestConfigs {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestConfigs() {
    }

    /** @return a bound configuration for {@code hostname} with fresh keys */
    public static ClientConfig bound(String hostname) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(ClientConfig.HOSTNAME, hostname);
        values.put(ClientConfig.CLIENT_ID, Base64s.encode(bytes(64)));
        values.put(ClientConfig.PRIVATE_KEY,
                Base64s.encode(EcKeys.pkcs8((ECPrivateKey) EcKeys.generateKeyPair().getPrivate())));
        values.put(ClientConfig.APP_KEY, Base64s.encode(bytes(32)));
        return ClientConfig.of(values);
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
