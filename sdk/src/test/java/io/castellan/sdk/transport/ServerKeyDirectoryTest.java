package io.castellan.sdk.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.crypto.Base64s;
import io.castellan.crypto.EcKeys;
import io.castellan.model.error.CastellanException;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECPublicKey;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerKeyDirectoryTest {

    private final String point = Base64s.encodeWebSafe(
            EcKeys.rawPublicKey((ECPublicKey) EcKeys.generateKeyPair().getPublic()));

    private static List<ServerKey> parse(String json) {
        return ServerKeyDirectory.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheP256KeysAndSkipsOtherAlgorithms() {
        List<ServerKey> keys = parse("{\"keys\":[{\"keyId\":1,\"publicKey\":\"" + point + "\",\"algorithm\":\"P-256\"},"
                + "{\"keyId\":2,\"publicKey\":\"abc\",\"algorithm\":\"ML-KEM-768\"},"
                + "{\"keyId\":3,\"publicKey\":\"" + point + "\"}],\"tlsFingerprintSha256\":\"AB\"}");
        assertThat(keys).extracting(ServerKey::keyId).containsExactly(1, 3);
        assertThat(keys.get(0).webSafe()).isEqualTo(point);
    }

    @Test
    void refusesMalformedDocuments() {
        assertThatThrownBy(() -> parse("not json")).isInstanceOf(CastellanException.class).hasMessageContaining("malformed");
        assertThatThrownBy(() -> parse("{\"keys\":{}}")).hasMessageContaining("malformed");
        assertThatThrownBy(() -> parse("{\"keys\":[]}")).hasMessageContaining("no P-256 transmission key");
        assertThatThrownBy(() -> parse("{\"keys\":[{\"keyId\":1,\"publicKey\":\"AAAA\",\"algorithm\":\"P-256\"}]}"))
                .hasMessageContaining("malformed");
        String offCurve = Base64s.encodeWebSafe(new byte[65]);
        assertThatThrownBy(() -> parse("{\"keys\":[{\"keyId\":1,\"publicKey\":\"" + offCurve + "\"}]}"))
                .hasMessageContaining("malformed");
    }
}
