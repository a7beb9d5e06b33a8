package io.castellan.model.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.model.error.ErrorCode;

/**
 * Checks the skeleton every record must have before the model will wrap it: string
 * {@code title}/{@code type}/{@code notes} when present, {@code fields} and {@code custom} as arrays
 * of objects, each with a non-empty string {@code type}, an optional string {@code label} and an
 * optional array {@code value}. Everything else — unknown properties, unknown field types, value
 * contents — is left for {@code RecordValidator}, so that it survives a read-modify-write.
 */
final class RecordStructure {

    private RecordStructure() {
    }

    static void check(ObjectNode root) {
        checkString(root, "title", "record 'title'");
        checkString(root, "type", "record 'type'");
        checkString(root, "notes", "record 'notes'");
        checkFields(root, "fields");
        checkFields(root, "custom");
    }

    private static void checkFields(ObjectNode root, String name) {
        JsonNode array = root.get(name);
        if (array == null || array.isNull()) {
            return;
        }
        if (!array.isArray()) {
            throw invalid("record '" + name + "' must be an array, not " + JsonValues.kind(array));
        }
        for (int i = 0; i < array.size(); i++) {
            String where = "record " + name + "[" + i + "]";
            JsonNode field = array.get(i);
            if (!(field instanceof ObjectNode fieldObject)) {
                throw invalid(where + " must be an object, not " + JsonValues.kind(field));
            }
            JsonNode type = fieldObject.get("type");
            if (type == null || !type.isTextual() || type.textValue().isBlank()) {
                throw invalid(where + " has no field type");
            }
            checkString(fieldObject, "label", where + " 'label'");
            JsonNode value = fieldObject.get("value");
            if (value != null && !value.isArray()) {
                throw invalid(where + " 'value' must be an array, not " + JsonValues.kind(value));
            }
        }
    }

    private static void checkString(ObjectNode node, String name, String what) {
        JsonNode value = node.get(name);
        if (value != null && !value.isNull() && !value.isTextual()) {
            throw invalid(what + " must be a string, not " + JsonValues.kind(value));
        }
    }

    private static InvalidRecordException invalid(String message) {
        return new InvalidRecordException(ErrorCode.BAD_REQUEST, message);
    }
}
