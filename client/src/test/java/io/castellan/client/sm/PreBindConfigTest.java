package io.castellan.client.sm;

import static org.assertj.core.api.Assertions.assertThat;

import io.castellan.client.transport.ServerKey;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.DeviceIds;
import io.castellan.crypto.EcKeys;
import java.security.interfaces.ECPublicKey;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PreBindConfigTest {

    private static final ServerKey SERVER = new ServerKey(7,
            EcKeys.rawPublicKey((ECPublicKey) EcKeys.generateKeyPair().getPublic()));

    @Test
    void holdsKeepersPreBindKeysInTheirEncodings() {
        try (OneTimeAccessToken token = OneTimeAccessToken.generate()) {
            Map<String, String> config = PreBindConfig.create("vault.example.com:8443", token, SERVER);
            assertThat(config).containsOnlyKeys("hostname", "clientId", "clientKey", "privateKey", "serverPublicKey",
                    "serverPublicKeyId");
            assertThat(config.get("hostname")).isEqualTo("vault.example.com:8443");
            byte[] clientKey = Base64s.decode(config.get("clientKey"));
            assertThat(clientKey).isEqualTo(token.clientKey());
            assertThat(config.get("clientId")).isEqualTo(DeviceIds.clientId(clientKey)).isEqualTo(token.clientId());
            EcKeys.privateKeyFromPkcs8(Base64s.decode(config.get("privateKey")));
            assertThat(Base64s.decodeWebSafe(config.get("serverPublicKey"))).isEqualTo(SERVER.publicKey());
            assertThat(config.get("serverPublicKeyId")).isEqualTo("7");
        }
    }

    @Test
    void everyConfigGetsItsOwnDeviceKey() {
        try (OneTimeAccessToken token = OneTimeAccessToken.generate()) {
            assertThat(PreBindConfig.create("h", token, SERVER).get("privateKey"))
                    .isNotEqualTo(PreBindConfig.create("h", token, SERVER).get("privateKey"));
        }
    }
}
