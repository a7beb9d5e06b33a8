package io.castellan.sdk.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.crypto.EcKeys;
import io.castellan.sdk.config.InvalidClientConfigException;
import java.security.interfaces.ECPublicKey;
import org.junit.jupiter.api.Test;

class ServerKeyTest {

    @Test
    void thePointIsParsedOnceAndIsTheKeyItNames() {
        ECPublicKey real = (ECPublicKey) EcKeys.generateKeyPair().getPublic();
        byte[] raw = EcKeys.rawPublicKey(real);
        ServerKey key = new ServerKey(10, raw);
        ECPublicKey parsed = key.jdkKey();
        assertThat(parsed.getW()).isEqualTo(real.getW());
        // an equal ServerKey (the same id and point, e.g. read again from the configuration) shares the parse
        assertThat(new ServerKey(10, raw).jdkKey()).isSameAs(parsed);
        // another id is another key, even for the same point
        assertThat(new ServerKey(11, raw).jdkKey()).isNotSameAs(parsed);
    }

    @Test
    void aPointOffTheCurveIsRefusedWhenTheKeyIsMade() {
        byte[] raw = EcKeys.rawPublicKey((ECPublicKey) EcKeys.generateKeyPair().getPublic());
        raw[64] ^= 1;
        assertThatThrownBy(() -> new ServerKey(10, raw)).isInstanceOf(InvalidClientConfigException.class)
                .hasMessageContaining("not a P-256 point");
    }
}
