package io.castellan.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DeviceIdsTest {

    private static final String TOKEN = "YyIhK5wXFHj36wGBAOmBsxI3v5rIruINrC8KXjyM58c";
    private static final String CLIENT_ID =
            "6FSaAYix6NY+3gFbC4h3yVRgKDl1prYLTowsYcd2vWipj27jpjtaYgTz1N+XKOQgtt42RMa7GBg7sIZfnwlWVQ==";

    @Test
    void ksmCheckValue() {
        assertThat(DeviceIds.clientId(Base64s.decodeWebSafe(TOKEN))).isEqualTo(CLIENT_ID).hasSize(88);
        assertThat(DeviceIds.clientIdFromToken(TOKEN)).isEqualTo(CLIENT_ID);
    }

    @Test
    void regionPrefixIsIgnored() {
        assertThat(DeviceIds.clientIdFromToken("US:" + TOKEN)).isEqualTo(CLIENT_ID);
        assertThat(DeviceIds.clientIdFromToken("vault.example.org:" + TOKEN)).isEqualTo(CLIENT_ID);
        // KSM 17.3+/JS 4-part form REGION:clientKey:serverKeyId:serverPublicKey: the key is still part 2.
        String serverKey = Base64s.encodeWebSafe(CastellanRandom.bytes(32));
        assertThat(DeviceIds.clientIdFromToken("IL5:" + TOKEN + ":100:" + serverKey)).isEqualTo(CLIENT_ID);
    }

    @Test
    void differentKeysGiveDifferentIds() {
        byte[] key = Base64s.decodeWebSafe(TOKEN);
        key[0] ^= 1;
        assertThat(DeviceIds.clientId(key)).isNotEqualTo(CLIENT_ID);
    }

    @Test
    void rejectsBadTokens() {
        assertThatThrownBy(() -> DeviceIds.clientId(new byte[31])).isInstanceOf(CryptoException.class);
        assertThatThrownBy(() -> DeviceIds.clientIdFromToken("US:" + TOKEN.substring(1)))
                .isInstanceOf(CryptoException.class);
        assertThatThrownBy(() -> DeviceIds.clientIdFromToken("US:" + Base64s.encodeWebSafe(new byte[16])))
                .isInstanceOf(CryptoException.class);
        assertThatThrownBy(() -> DeviceIds.clientIdFromToken(null)).isInstanceOf(CryptoException.class);
    }
}
