package io.castellan.sdk.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.crypto.Base64s;
import io.castellan.crypto.EcKeys;
import java.security.interfaces.ECPublicKey;
import org.junit.jupiter.api.Test;

class OneTimeTokenTest {

    /** Keeper's own test token and the client id its SDKs derive from it (ksm-protocol.md §2). */
    private static final String KEEPER_TOKEN = "YyIhK5wXFHj36wGBAOmBsxI3v5rIruINrC8KXjyM58c";
    private static final String KEEPER_CLIENT_ID =
            "6FSaAYix6NY+3gFbC4h3yVRgKDl1prYLTowsYcd2vWipj27jpjtaYgTz1N+XKOQgtt42RMa7GBg7sIZfnwlWVQ==";

    @Test
    void derivesKeepersClientIdCheckValue() {
        OneTimeToken token = OneTimeToken.parse("US:" + KEEPER_TOKEN, null);
        assertThat(token.clientId()).isEqualTo(KEEPER_CLIENT_ID);
        assertThat(token.clientKey()).isEqualTo(Base64s.decodeWebSafe(KEEPER_TOKEN));
        assertThat(token.hostname()).as("region names are not mapped to Keeper's hosts").isEqualTo("US");
    }

    @Test
    void takesTheHostFromTheTokenOrTheOverrideWhichWins() {
        assertThat(OneTimeToken.parse("vault.example.com:" + KEEPER_TOKEN, null).hostname())
                .isEqualTo("vault.example.com");
        assertThat(OneTimeToken.parse("vault.example.com:" + KEEPER_TOKEN, "vault.example.com:8443").hostname())
                .isEqualTo("vault.example.com:8443");
        assertThat(OneTimeToken.parse(KEEPER_TOKEN, "localhost:8443").hostname()).isEqualTo("localhost:8443");
        assertThat(OneTimeToken.parse("  h:" + KEEPER_TOKEN + "\n", null).clientId()).isEqualTo(KEEPER_CLIENT_ID);
    }

    @Test
    void readsTheFourPartFormWithTheServerKey() {
        String point = Base64s.encodeWebSafe(EcKeys.rawPublicKey((ECPublicKey) EcKeys.generateKeyPair().getPublic()));
        OneTimeToken token = OneTimeToken.parse("h:" + KEEPER_TOKEN + ":4:" + point, null);
        assertThat(token.serverPublicKeyId()).hasValue(4);
        assertThat(token.serverPublicKey()).contains(point);
        assertThat(OneTimeToken.parse("h:" + KEEPER_TOKEN, null).serverPublicKeyId()).isEmpty();
    }

    @Test
    void refusesMalformedTokensWithoutEchoingThem() {
        assertThatThrownBy(() -> OneTimeToken.parse(KEEPER_TOKEN, null)).hasMessageContaining("names no server");
        assertThatThrownBy(() -> OneTimeToken.parse("localhost:8443:" + KEEPER_TOKEN, null))
                .hasMessageContaining("a port cannot be part of the token");
        assertThatThrownBy(() -> OneTimeToken.parse("", null)).hasMessageContaining("empty");
        assertThatThrownBy(() -> OneTimeToken.parse("h:abc", null)).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> OneTimeToken.parse("h:" + KEEPER_TOKEN.replace('Y', '+'), null))
                .hasMessageContaining("not web-safe base64").hasMessageNotContaining(KEEPER_TOKEN.substring(1));
        assertThatThrownBy(() -> OneTimeToken.parse("h:" + KEEPER_TOKEN + ":x:y", null))
                .hasMessageContaining("server key id");
        assertThatThrownBy(() -> OneTimeToken.parse("h:" + KEEPER_TOKEN + ":1:AAAA", null))
                .hasMessageContaining("not a P-256 point");
        assertThatThrownBy(() -> OneTimeToken.parse("a:b:c:d:e", null)).hasMessageContaining("[HOST:]KEY");
    }

    @Test
    void neverShowsTheKeyAndWipesIt() {
        OneTimeToken token = OneTimeToken.parse("h:" + KEEPER_TOKEN, null);
        assertThat(token.toString()).isEqualTo("OneTimeToken[host=h]").doesNotContain(KEEPER_TOKEN);
        token.wipe();
        assertThat(token.clientKey()).containsOnly(0);
    }
}
