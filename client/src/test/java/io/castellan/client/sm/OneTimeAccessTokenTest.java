package io.castellan.client.sm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.crypto.Base64s;
import io.castellan.crypto.DeviceIds;
import java.net.URI;
import org.junit.jupiter.api.Test;

class OneTimeAccessTokenTest {

    /** ksm-protocol.md §2: Keeper's check value. */
    private static final String KEEPER_TOKEN_KEY = "YyIhK5wXFHj36wGBAOmBsxI3v5rIruINrC8KXjyM58c";
    private static final String KEEPER_CLIENT_ID =
            "6FSaAYix6NY+3gFbC4h3yVRgKDl1prYLTowsYcd2vWipj27jpjtaYgTz1N+XKOQgtt42RMa7GBg7sIZfnwlWVQ==";

    @Test
    void keepersCheckValueReproduces() {
        try (OneTimeAccessToken token = OneTimeAccessToken.of(Base64s.decodeWebSafe(KEEPER_TOKEN_KEY))) {
            assertThat(token.clientId()).isEqualTo(KEEPER_CLIENT_ID).hasSize(88);
            assertThat(token.token("vault.example.com")).isEqualTo("vault.example.com:" + KEEPER_TOKEN_KEY);
            assertThat(DeviceIds.clientIdFromToken(token.token("vault.example.com"))).isEqualTo(KEEPER_CLIENT_ID);
        }
    }

    @Test
    void aGeneratedTokenIsHostColonAndFortyThreeWebSafeCharacters() {
        try (OneTimeAccessToken a = OneTimeAccessToken.generate(); OneTimeAccessToken b = OneTimeAccessToken.generate()) {
            String text = a.token("vault.example.com");
            assertThat(text).matches("vault\\.example\\.com:[A-Za-z0-9_-]{43}");
            byte[] key = Base64s.decodeWebSafe(text.substring(text.indexOf(':') + 1));
            assertThat(key).hasSize(32).isEqualTo(a.clientKey());
            assertThat(DeviceIds.clientIdFromToken(text)).isEqualTo(a.clientId()).isEqualTo(DeviceIds.clientId(key));
            assertThat(b.clientKey()).isNotEqualTo(a.clientKey());
            assertThat(a.token(null)).matches("[A-Za-z0-9_-]{43}");
            assertThat(a.toString()).doesNotContain(text.substring(text.indexOf(':') + 1));
        }
    }

    @Test
    void aHostWithAColonIsRefusedBecauseTheSdksSplitOnIt() {
        try (OneTimeAccessToken t = OneTimeAccessToken.generate()) {
            assertThatThrownBy(() -> t.token("localhost:8443")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theTokenHostNeverCarriesAPortButTheConfigHostnameDoes() {
        URI custom = URI.create("https://vault.example.com:8443");
        assertThat(OneTimeAccessToken.tokenHost(custom)).isEqualTo("vault.example.com");
        assertThat(OneTimeAccessToken.configHostname(custom)).isEqualTo("vault.example.com:8443");
        assertThat(OneTimeAccessToken.tokenReaches(custom)).isFalse();

        URI standard = URI.create("https://vault.example.com:443");
        assertThat(OneTimeAccessToken.configHostname(standard)).isEqualTo("vault.example.com");
        assertThat(OneTimeAccessToken.tokenReaches(standard)).isTrue();
        assertThat(OneTimeAccessToken.tokenReaches(URI.create("https://vault.example.com"))).isTrue();

        URI prefixed = URI.create("https://vault.example.com/castellan");
        assertThat(OneTimeAccessToken.configHostname(prefixed)).isEqualTo("vault.example.com/castellan");
        assertThat(OneTimeAccessToken.tokenReaches(prefixed)).isFalse();

        URI v6 = URI.create("https://[::1]:8443");
        assertThat(OneTimeAccessToken.tokenHost(v6)).isNull();
        assertThat(OneTimeAccessToken.configHostname(v6)).isEqualTo("[::1]:8443");
    }

    @Test
    void closingWipesTheKey() {
        OneTimeAccessToken t = OneTimeAccessToken.generate();
        byte[] live = t.clientKey();
        t.close();
        assertThat(live).containsOnly(0);
        assertThat(t.toString()).contains("closed");
    }
}
