package io.castellan.sdk.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientConfigCodecTest {

    private static final String SECRET = "c2VjcmV0LWFwcC1rZXktdmFsdWU=";

    private static final String JSON = "{\"hostname\":\"vault.example:8443\",\"clientId\":\"abc\","
            + "\"privateKey\":\"" + SECRET + "\",\"appKey\":\"" + SECRET + "\",\"serverPublicKeyId\":\"1\","
            + "\"futureKey\":\"kept\"}";

    @Test
    void readsJsonAndBase64Alike() {
        ClientConfig fromJson = ClientConfigCodec.parse(JSON);
        String b64 = Base64.getEncoder().encodeToString(JSON.getBytes(StandardCharsets.UTF_8));
        ClientConfig fromB64 = ClientConfigCodec.parse(b64);
        assertThat(fromB64.asMap()).isEqualTo(fromJson.asMap());
        assertThat(fromJson.require(ClientConfig.HOSTNAME)).isEqualTo("vault.example:8443");
        assertThat(fromJson.isBound()).isTrue();
    }

    @Test
    void unknownKeysSurviveARoundTrip() {
        ClientConfig config = ClientConfigCodec.parse(JSON);
        ClientConfig again = ClientConfigCodec.parse(ClientConfigCodec.toBase64(config));
        assertThat(again.get("futureKey")).contains("kept");
        assertThat(ClientConfigCodec.parse(ClientConfigCodec.toJson(config)).asMap()).isEqualTo(config.asMap());
    }

    @Test
    void toStringNamesKeysButNoValues() {
        assertThat(ClientConfigCodec.parse(JSON).toString()).contains("appKey").doesNotContain(SECRET);
    }

    @Test
    void badInputGetsAClearErrorWithoutEchoingContent() {
        assertThatThrownBy(() -> ClientConfigCodec.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> ClientConfigCodec.parse("{\"appKey\":\"" + SECRET + "\""))
                .isInstanceOf(InvalidClientConfigException.class)
                .hasMessageContaining("not valid JSON")
                .hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> ClientConfigCodec.parse("%%% not base64 %%%"))
                .hasMessageContaining("neither JSON nor base64");
        assertThatThrownBy(() -> ClientConfigCodec.parse("[1,2]")).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> ClientConfigCodec.parse("{\"appKey\":{\"x\":1}}"))
                .hasMessageContaining("'appKey' must be a string");
        assertThatThrownBy(() -> ClientConfigCodec.parse("{" + "\"k\":\"v\",".repeat(20_000) + "\"z\":\"1\"}"))
                .hasMessageContaining("larger than");
    }

    @Test
    void requireNamesTheMissingKey() {
        ClientConfig config = ClientConfig.of(Map.of("hostname", "h"));
        assertThatThrownBy(() -> config.require(ClientConfig.APP_KEY)).hasMessage("configuration has no 'appKey'");
        assertThat(config.with(ClientConfig.APP_KEY, "x").require(ClientConfig.APP_KEY)).isEqualTo("x");
        assertThat(config.with(ClientConfig.HOSTNAME, null).get(ClientConfig.HOSTNAME)).isEmpty();
    }
}
