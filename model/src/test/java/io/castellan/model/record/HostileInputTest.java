package io.castellan.model.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.model.error.ErrorCode;
import io.castellan.model.json.JsonLimits;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(10)
class HostileInputTest {

    private static final String SECRET = "Sup3r-Secret-Value";

    @Test
    void deeplyNestedJsonFailsCleanlyWithoutStackOverflow() {
        String deep = "{\"type\":\"login\",\"x\":" + "[".repeat(200_000) + "]".repeat(200_000) + "}";
        assertThatThrownBy(() -> RecordData.parse(deep))
                .isInstanceOfSatisfying(InvalidRecordException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
                    assertThat(e.getMessage()).isEqualTo("record JSON nests too deeply");
                });
    }

    @Test
    void nestingJustInsideTheLimitIsAccepted() {
        RecordCodec codec = new RecordCodec(new JsonLimits(10_000, 5));
        assertThat(codec.parse("{\"x\":[[[{}]]]}").propertyNames()).containsExactly("x");
        assertThatThrownBy(() -> codec.parse("{\"x\":[[[[{}]]]]}")).isInstanceOf(InvalidRecordException.class);
    }

    @Test
    void hugeInputIsRejectedBeforeParsing() {
        byte[] huge = new byte[RecordCodec.DEFAULT_LIMITS.maxBytes() + 1];
        Arrays.fill(huge, (byte) ' ');
        assertThatThrownBy(() -> RecordData.parse(huge))
                .isInstanceOfSatisfying(InvalidRecordException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE));
        String hugeString = "{\"notes\":\"" + "a".repeat(RecordCodec.DEFAULT_LIMITS.maxBytes()) + "\"}";
        assertThatThrownBy(() -> RecordData.parse(hugeString))
                .isInstanceOfSatisfying(InvalidRecordException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE));
    }

    @Test
    void multiByteInputIsMeasuredInBytes() {
        RecordCodec codec = new RecordCodec(new JsonLimits(20, 8));
        String json = "{\"title\":\"ééééé\"}"; // 17 chars, 22 bytes
        assertThatThrownBy(() -> codec.parse(json))
                .isInstanceOfSatisfying(InvalidRecordException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"text\"", "42", "null", "true"})
    void nonObjectTopLevelIsRejected(String json) {
        assertThatThrownBy(() -> RecordData.parse(json))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageStartingWith("record JSON must be an object");
    }

    @Test
    void structuralProblemsNameTheirPlace() {
        assertThat(failure("{\"type\":\"login\",\"fields\":{}}")).isEqualTo("record 'fields' must be an array, not an object");
        assertThat(failure("{\"type\":\"login\",\"custom\":\"x\"}")).isEqualTo("record 'custom' must be an array, not a string");
        assertThat(failure("{\"fields\":[\"" + SECRET + "\"]}")).isEqualTo("record fields[0] must be an object, not a string");
        assertThat(failure("{\"fields\":[{\"value\":[]}]}")).isEqualTo("record fields[0] has no field type");
        assertThat(failure("{\"fields\":[{\"type\":\"\",\"value\":[]}]}")).isEqualTo("record fields[0] has no field type");
        assertThat(failure("{\"fields\":[{\"type\":\"login\"},{\"type\":\"password\",\"value\":\"" + SECRET + "\"}]}"))
                .isEqualTo("record fields[1] 'value' must be an array, not a string");
        assertThat(failure("{\"fields\":[{\"type\":\"login\",\"label\":7}]}")).isEqualTo("record fields[0] 'label' must be a string, not a number");
        assertThat(failure("{\"title\":[\"" + SECRET + "\"]}")).isEqualTo("record 'title' must be a string, not an array");
    }

    @Test
    void malformedJsonNeverEchoesInput() {
        String[] inputs = {
            "{\"type\":\"login\",\"fields\":[{\"type\":\"password\",\"value\":[\"" + SECRET,
            "{\"type\":\"login\",\"notes\":" + SECRET + "}",
            "{\"type\":\"login\",\"" + SECRET + "\":1,\"" + SECRET + "\":2}",
            "{\"type\":\"login\"} {\"" + SECRET + "\":1}",
            "{'type':'" + SECRET + "'}",
        };
        for (String input : inputs) {
            String message = failure(input);
            assertThat(message).as(input).startsWith("record ").doesNotContain(SECRET).doesNotContain("Sup3r");
        }
        assertThat(failure(inputs[0])).isEqualTo("record JSON ends unexpectedly (truncated?)");
        assertThat(failure(inputs[2])).startsWith("record JSON has a duplicate key");
        assertThat(failure(inputs[1])).startsWith("record malformed JSON at line 1");
    }

    @Test
    void emptyAndWhitespaceInputAreRejected() {
        assertThat(failure("")).isEqualTo("record JSON is empty");
        assertThat(failure("   ")).isEqualTo("record JSON is empty");
    }

    @Test
    void invalidUtf8IsRejected() {
        byte[] bad = "{\"title\":\"xx\"}".getBytes(StandardCharsets.UTF_8);
        bad[10] = (byte) 0xC3;
        bad[11] = (byte) 0x28;
        assertThatThrownBy(() -> RecordData.parse(bad)).isInstanceOf(InvalidRecordException.class);
    }

    private static String failure(String json) {
        try {
            RecordData.parse(json);
        } catch (InvalidRecordException e) {
            assertThat(e.getCause()).as("no Jackson cause that could quote input").isNull();
            return e.getMessage();
        }
        throw new AssertionError("expected InvalidRecordException for " + json);
    }
}
