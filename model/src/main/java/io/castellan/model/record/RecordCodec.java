package io.castellan.model.record;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.json.Json;
import io.castellan.model.json.JsonFailures;
import io.castellan.model.json.JsonLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Reads and writes record JSON v3, treating input as hostile.
 *
 * <p>Reading enforces a byte limit before parsing and a nesting limit while parsing, rejects
 * duplicate keys and trailing content, checks the record's skeleton ({@link RecordStructure}),
 * and reports every failure as an {@link InvalidRecordException} whose message never quotes the
 * input. Numbers are read exactly (big decimals, trailing zeros kept) so that a read-modify-write
 * does not alter values it did not touch.
 *
 * <p>Writing is deterministic: compact JSON, properties in the order they were read or added, no
 * padding (Keeper's vault pads encrypted records with spaces; parsing accepts that padding).
 */
public final class RecordCodec {

    /** 1 MiB and 32 levels: far above any real record (a PAM record nests about 7 levels). */
    public static final JsonLimits DEFAULT_LIMITS = new JsonLimits(1 << 20, 32);

    private static final RecordCodec DEFAULT = new RecordCodec(DEFAULT_LIMITS);
    private static final ObjectWriter WRITER = Json.newMapper().writer();

    private final JsonLimits limits;
    private final ObjectMapper mapper;

    /**
     * @param limits size and nesting bounds for reading
     */
    public RecordCodec(JsonLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.mapper = Json.strictBuilder(limits)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .build();
    }

    /** @return the codec with {@link #DEFAULT_LIMITS} */
    public static RecordCodec withDefaults() {
        return DEFAULT;
    }

    /** @return the bounds this codec reads with */
    public JsonLimits limits() {
        return limits;
    }

    /**
     * @param json UTF-8 record JSON (trailing whitespace padding allowed)
     * @return the record
     * @throws InvalidRecordException when the input is too large, malformed or not a record
     */
    public RecordData parse(byte[] json) {
        Objects.requireNonNull(json, "json");
        if (json.length > limits.maxBytes()) {
            throw new InvalidRecordException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "record JSON is " + json.length + " bytes, more than the limit of " + limits.maxBytes());
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(json);
        } catch (JacksonException e) {
            throw new InvalidRecordException(ErrorCode.BAD_REQUEST, "record " + JsonFailures.describe(e));
        } catch (IOException e) {
            throw new InvalidRecordException(ErrorCode.BAD_REQUEST, "record JSON could not be read");
        } catch (NumberFormatException | ArithmeticException e) {
            // Jackson's BigDecimal parser refuses exponents beyond int range with an unchecked exception whose
            // message quotes the number: report the problem without the value.
            throw new InvalidRecordException(ErrorCode.BAD_REQUEST, "record JSON holds a number out of range");
        }
        if (tree == null || tree.isMissingNode()) {
            throw new InvalidRecordException(ErrorCode.BAD_REQUEST, "record JSON is empty");
        }
        if (!(tree instanceof ObjectNode root)) {
            throw new InvalidRecordException(ErrorCode.BAD_REQUEST,
                    "record JSON must be an object, not " + JsonValues.kind(tree));
        }
        RecordStructure.check(root);
        return new RecordData(root);
    }

    /**
     * @param json record JSON
     * @return the record
     * @throws InvalidRecordException when the input is too large, malformed or not a record
     */
    public RecordData parse(String json) {
        Objects.requireNonNull(json, "json");
        // A UTF-16 char is at most 3 UTF-8 bytes: refuse hopeless input before copying it.
        if (json.length() > limits.maxBytes()) {
            throw new InvalidRecordException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "record JSON is more than the limit of " + limits.maxBytes() + " bytes");
        }
        return parse(json.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] write(ObjectNode root) {
        try {
            return WRITER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("record JSON could not be written", e);
        }
    }
}
