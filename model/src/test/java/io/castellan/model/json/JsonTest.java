package io.castellan.model.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    record Sample(String name, int count, boolean on) {
    }

    private final JsonMapper mapper = Json.newMapper();

    @Test
    void readsAWellFormedDocument() throws Exception {
        assertThat(mapper.readValue("{\"name\":\"a\",\"count\":2,\"on\":true}", Sample.class))
                .isEqualTo(new Sample("a", 2, true));
    }

    @Test
    void rejectsUnknownPropertiesCoercionDuplicatesAndTrailingTokens() {
        assertThatThrownBy(() -> mapper.readValue("{\"name\":\"a\",\"count\":2,\"on\":true,\"x\":1}", Sample.class))
                .isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> mapper.readValue("{\"name\":\"a\",\"count\":\"2\",\"on\":true}", Sample.class))
                .isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> mapper.readValue("{\"name\":1,\"count\":2,\"on\":true}", Sample.class))
                .isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> mapper.readValue("{\"name\":\"a\",\"count\":2,\"on\":1}", Sample.class))
                .isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> mapper.readValue("{\"name\":\"a\",\"count\":2.5,\"on\":true}", Sample.class))
                .isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> mapper.readValue("{\"name\":\"a\",\"name\":\"b\",\"count\":2,\"on\":true}", Sample.class))
                .isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> mapper.readValue("{\"name\":\"a\",\"count\":2,\"on\":true} {}", Sample.class))
                .isInstanceOf(JacksonException.class);
    }

    @Test
    void writesMapsInKeyOrderAndNoDefaultTyping() throws Exception {
        Map<String, Integer> map = new LinkedHashMap<>();
        map.put("b", 2);
        map.put("a", 1);
        assertThat(mapper.writeValueAsString(map)).isEqualTo("{\"a\":1,\"b\":2}");
        assertThat(mapper.writeValueAsString(new Sample("x", 1, false))).isEqualTo("{\"name\":\"x\",\"count\":1,\"on\":false}");
        assertThat(mapper.getDeserializationConfig().getDefaultTyper(mapper.constructType(Object.class))).isNull();
        assertThat(mapper.getSerializationConfig().getDefaultTyper(mapper.constructType(Object.class))).isNull();
        assertThat(mapper.isEnabled(MapperFeature.BLOCK_UNSAFE_POLYMORPHIC_BASE_TYPES)).isTrue();
    }

    @Test
    void failuresAreDescribedWithoutQuotingInput() {
        String secret = "hunter2-S3cret";
        for (String json : new String[] {
                "{\"name\":" + secret + "}",
                "{\"name\":\"a\",\"count\":\"" + secret + "\",\"on\":true}",
                "{\"name\":\"" + secret,
        }) {
            JacksonException e = catchJackson(json);
            String described = JsonFailures.describe(e);
            assertThat(e.getMessage()).as("precondition: Jackson itself may quote input").isNotBlank();
            assertThat(described).doesNotContain(secret).isNotBlank();
        }
        assertThat(JsonFailures.describe(catchJackson("{\"name\":\"a\",\"count\":\"12\",\"on\":true}")))
                .isEqualTo("wrong type at count (expected an integer)");
        assertThat(JsonFailures.describe(catchJackson("{\"name\":\"a\"")))
                .isEqualTo("JSON ends unexpectedly (truncated?)");
    }

    @Test
    void nullForPrimitiveIsDescribedAsMissing() {
        assertThat(JsonFailures.describe(catchJackson("{\"name\":\"a\",\"count\":2}")))
                .isEqualTo("missing or null value at on (expected a boolean)");
    }

    @Test
    void depthLimitIsEnforced() {
        JsonMapper shallow = Json.newMapper(new JsonLimits(1000, 3));
        assertThatThrownBy(() -> shallow.readTree("[[[[1]]]]"))
                .isInstanceOfSatisfying(JacksonException.class,
                        e -> assertThat(JsonFailures.describe(e)).isEqualTo("JSON nests too deeply"));
    }

    @Test
    void limitsRejectNonsense() {
        assertThatThrownBy(() -> new JsonLimits(1, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JsonLimits(10, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private JacksonException catchJackson(String json) {
        try {
            mapper.readValue(json, Sample.class);
        } catch (JacksonException e) {
            return e;
        }
        throw new AssertionError("expected a failure");
    }
}
