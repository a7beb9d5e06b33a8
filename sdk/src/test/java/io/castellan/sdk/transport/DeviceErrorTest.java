package io.castellan.sdk.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DeviceErrorTest {

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of(403, "{\"path\":\"https://x/api/rest/sm/v1/get_secret, POST, Node/v12.14.1\",\"additional_info\":\"\","
                        + "\"location\":\"default exception manager - api validation exception\",\"error\":\"access_denied\","
                        + "\"message\":\"Signature is invalid\"}", ErrorCode.UNAUTHENTICATED),
                Arguments.of(403, "{\"error\":\"forbidden\",\"message\":\"m\"}", ErrorCode.FORBIDDEN),
                Arguments.of(404, "{\"error\":\"not_found\"}", ErrorCode.NOT_FOUND),
                Arguments.of(409, "{\"error\":\"conflict\"}", ErrorCode.CONFLICT),
                Arguments.of(400, "{\"error\":\"bad_request\"}", ErrorCode.BAD_REQUEST),
                Arguments.of(400, "{\"error\":\"key\",\"key_id\":3}", ErrorCode.TRANSMISSION_KEY_REJECTED),
                Arguments.of(403, "{\"error\":\"throttled\",\"retry_after\":5}", ErrorCode.THROTTLED),
                Arguments.of(400, "{\"error\":\"invalid_client_version\"}", ErrorCode.INVALID_CLIENT_VERSION),
                Arguments.of(503, "{\"error\":\"unavailable\"}", ErrorCode.UNAVAILABLE),
                Arguments.of(400, "{\"error\":\"something_new\"}", ErrorCode.INTERNAL),
                Arguments.of(502, "<html>Bad Gateway</html>", ErrorCode.UNAVAILABLE),
                Arguments.of(504, "", ErrorCode.TIMEOUT),
                Arguments.of(404, "[1,2]", ErrorCode.NOT_FOUND),
                Arguments.of(500, "{\"error\":7}", ErrorCode.INTERNAL));
    }

    @ParameterizedTest
    @MethodSource("table")
    void mapsBodiesToCodes(int status, String body, ErrorCode expected) {
        assertThat(DeviceError.parse(status, body.getBytes(StandardCharsets.UTF_8)).code()).isEqualTo(expected);
    }

    @Test
    void recognisesKeyAndThrottleErrors() {
        DeviceError key = DeviceError.parse(400, "{\"error\":\"key\",\"key_id\":12}".getBytes(StandardCharsets.UTF_8));
        assertThat(key.isKeyError()).isTrue();
        assertThat(key.keyId()).isEqualTo(12);
        assertThat(DeviceError.parse(400, "{\"error\":\"key\"}".getBytes(StandardCharsets.UTF_8)).isKeyError())
                .as("J17.0 requires key_id too").isFalse();
        DeviceError throttled = DeviceError.parse(403,
                "{\"error\":\"throttled\",\"retry_after\":9}".getBytes(StandardCharsets.UTF_8));
        assertThat(throttled.isThrottled()).isTrue();
        assertThat(throttled.retryAfter()).isEqualTo(9L);
    }

    @Test
    void theMessageIsBoundedAndFreeOfControlCharacters() {
        String body = "{\"error\":\"bad_request\",\"message\":\"line1\\nline2\\u001b[31m" + "x".repeat(1000) + "\"}";
        CastellanException e = DeviceError.parse(400, body.getBytes(StandardCharsets.UTF_8)).toException("update_secret");
        assertThat(e.getMessage()).startsWith("update_secret failed (HTTP 400, bad_request): line1line2[31mxxx")
                .doesNotContain("\n", "\u001b").hasSizeLessThan(400);
        assertThat(e.detail("httpStatus")).contains("400");
    }
}
