package io.castellan.model.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;

/**
 * Factory of Castellan's product JSON mapper: strict, deterministic and bounded.
 *
 * <p><b>Strict</b>: unknown properties, duplicate keys, trailing content, scalar coercion
 * ({@code "1"} for a number, {@code 1} for a string or boolean), floats for integers and
 * {@code null} for primitives are all rejected. <b>Deterministic</b>: map entries are written in
 * key order and records in component order, so the same value always gives the same bytes.
 * <b>Bounded</b>: {@link JsonLimits} caps document size and nesting.
 *
 * <p>Polymorphic default typing is never enabled — it turns JSON into a class-instantiation
 * primitive — and must not be enabled on mappers built here. Each call returns a new mapper
 * because {@code ObjectMapper} is mutable; callers keep the one they configure.
 */
public final class Json {

    private Json() {
    }

    /** @return a strict mapper with {@link JsonLimits#DEFAULT} */
    public static JsonMapper newMapper() {
        return newMapper(JsonLimits.DEFAULT);
    }

    /**
     * @param limits parse bounds
     * @return a strict mapper
     */
    public static JsonMapper newMapper(JsonLimits limits) {
        return strictBuilder(limits).build();
    }

    /**
     * The strict base configuration, for modules that must relax one aspect (the Keeper wire
     * mapper tolerates unknown properties) without re-deciding everything else.
     *
     * @param limits parse bounds
     * @return a builder preconfigured as described in the class comment
     */
    public static JsonMapper.Builder strictBuilder(JsonLimits limits) {
        return JsonMapper.builder(boundedFactory(limits))
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(MapperFeature.BLOCK_UNSAFE_POLYMORPHIC_BASE_TYPES)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .serializationInclusion(JsonInclude.Include.ALWAYS)
                .withCoercionConfig(LogicalType.Textual, c -> c
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Boolean, c -> c
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Integer, c -> c
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail));
    }

    /**
     * A streaming factory with size and nesting bounds; the basis of every mapper in the product.
     *
     * @param limits parse bounds
     * @return the factory
     */
    public static JsonFactory boundedFactory(JsonLimits limits) {
        return JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxDocumentLength(limits.maxBytes())
                        .maxNestingDepth(limits.maxDepth())
                        .maxStringLength(limits.maxBytes())
                        .maxNameLength(Math.min(limits.maxBytes(), 50_000))
                        .maxNumberLength(100)
                        .build())
                .streamWriteConstraints(StreamWriteConstraints.builder()
                        .maxNestingDepth(Math.max(limits.maxDepth(), 64))
                        .build())
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .build();
    }
}
