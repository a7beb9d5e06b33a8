package io.castellan.model.recordtype;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * The JSON shape a field value, or a key inside an object value, must have. Field values use
 * {@link #STRING}, {@link #NUMBER}, {@link #BOOLEAN} or {@link #OBJECT}; keys inside objects may
 * also be {@link #PORT}, {@link #STRING_ARRAY} or {@link #ANY}. {@code null} is accepted for any
 * key (it means "unset"), never for a whole value.
 */
public enum ValueShape {
    /** A JSON string. */
    STRING("string"),
    /** A JSON number (dates are epoch milliseconds). */
    NUMBER("number"),
    /** {@code true} or {@code false}. */
    BOOLEAN("boolean"),
    /** A JSON object; its known keys are described by the field type. */
    OBJECT("object"),
    /** A TCP port: a number or a decimal string from 1 to 65535, or {@code ""} for unset. */
    PORT("port"),
    /** An array of strings (record UIDs, usually). */
    STRING_ARRAY("stringArray"),
    /** Anything: structures newer clients extend freely ({@code pamSettings.connection}). */
    ANY("any");

    private final String jsonName;

    ValueShape(String jsonName) {
        this.jsonName = jsonName;
    }

    /** @return the name used in {@code record-types.json} */
    @JsonValue
    public String jsonName() {
        return jsonName;
    }

    /**
     * @param name a name from {@code record-types.json}
     * @return the shape
     * @throws IllegalArgumentException for an unknown name
     */
    @JsonCreator
    public static ValueShape fromJson(String name) {
        return Arrays.stream(values()).filter(s -> s.jsonName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown value shape"));
    }

    /** @return whether a whole field value may have this shape */
    public boolean isFieldValueShape() {
        return this == STRING || this == NUMBER || this == BOOLEAN || this == OBJECT;
    }
}
