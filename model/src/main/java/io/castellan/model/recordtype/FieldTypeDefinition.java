package io.castellan.model.recordtype;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A field type ({@code login}, {@code pamHostname}...) and the shape of its values.
 *
 * @param name the type name as it appears in a record's {@code "type"}
 * @param value the shape of each value in the field's {@code value} array
 * @param keys for object values, the known keys and their shapes (other keys are allowed and kept)
 * @param sensitive whether values are secrets: masked in UIs and never quoted in any message
 */
public record FieldTypeDefinition(String name, ValueShape value, Map<String, ValueShape> keys, boolean sensitive) {

    /** Validates and copies (keeping key order). */
    public FieldTypeDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (!value.isFieldValueShape()) {
            throw new IllegalArgumentException("field type " + name + ": '" + value.jsonName()
                    + "' is not a field value shape");
        }
        if (!keys.isEmpty() && value != ValueShape.OBJECT) {
            throw new IllegalArgumentException("field type " + name + ": only object values have keys");
        }
        keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
    }
}
