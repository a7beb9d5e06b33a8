package io.castellan.model.record;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ValueNode;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.json.Json;
import io.castellan.model.json.JsonFailures;
import io.castellan.model.json.JsonLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
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
                .nodeFactory(IntegralDecimals.FACTORY)
                .build();
    }

    /**
     * Reads a decimal without a fraction ({@code 100.00e2}: scale 0) as the integer it is. It is written back as
     * {@code 10000}, which reads as an integer node; kept as a decimal node, the record read back from its own bytes
     * would not be equal to it (found by {@code RecordCodecFuzzTest}). The value is unchanged either way.
     */
    private static final class IntegralDecimals extends JsonNodeFactory {
        private static final long serialVersionUID = 1L;
        static final IntegralDecimals FACTORY = new IntegralDecimals();

        private IntegralDecimals() {
            super(false);
        }

        @Override
        public ValueNode numberNode(BigDecimal value) {
            if (value == null || value.scale() != 0) {
                return value == null ? nullNode() : DecimalNode.valueOf(value);
            }
            BigInteger integer = value.unscaledValue();
            if (integer.bitLength() < Integer.SIZE) {
                return IntNode.valueOf(integer.intValue());
            }
            if (integer.bitLength() < Long.SIZE) {
                return LongNode.valueOf(integer.longValue());
            }
            return BigIntegerNode.valueOf(integer);
        }
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
