package io.castellan.model.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a record's {@code fields} or {@code custom} array:
 * {@code {"type", "label"?, "value":[...], ...}}.
 *
 * <p>A live view over the record's JSON object: setters change the owning {@link RecordData}, and
 * every property this class does not model ({@code required}, {@code privacyScreen},
 * {@code complexity}, properties added by newer clients) stays in place untouched. Values are
 * strings, numbers, booleans or objects depending on the field type; getters return copies.
 *
 * <p>{@link #toString()} never shows values (they may be secrets).
 */
public final class RecordField {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectNode node;

    RecordField(ObjectNode node) {
        this.node = node;
    }

    /** @return the field type, e.g. {@code pamHostname} (never empty for a parsed record) */
    public String type() {
        return node.path("type").asText("");
    }

    /** @return the label, if the field has a non-null one */
    public Optional<String> label() {
        JsonNode label = node.get("label");
        return label != null && label.isTextual() ? Optional.of(label.textValue()) : Optional.empty();
    }

    /**
     * @param label the label to compare, in either id or display form (see {@link FieldLabels})
     * @return whether this field carries that label
     */
    public boolean hasLabel(String label) {
        return FieldLabels.matches(label().orElse(null), label);
    }

    /**
     * @param label a new label, or {@code null} to remove it
     * @return this field
     */
    public RecordField setLabel(String label) {
        if (label == null) {
            node.remove("label");
        } else {
            node.put("label", label);
        }
        return this;
    }

    /** @return copies of the values, in order (empty when the field has none) */
    public List<JsonNode> values() {
        List<JsonNode> out = new ArrayList<>();
        valueArray().forEach(v -> out.add(v.deepCopy()));
        return out;
    }

    /** @return the number of values */
    public int valueCount() {
        return valueArray().size();
    }

    /** @return a copy of the first value */
    public Optional<JsonNode> firstValue() {
        ArrayNode values = valueArray();
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0).deepCopy());
    }

    /**
     * The first value as text: a string as is, a number or boolean as its JSON text, an object or
     * array as compact JSON (as Keeper's notation does).
     *
     * @return the text, or empty when there is no value or it is {@code null}
     */
    public Optional<String> firstValueAsString() {
        return firstValue().filter(v -> !v.isNull())
                .map(v -> v.isValueNode() ? v.asText() : v.toString());
    }

    /** @return the values that are strings, in order */
    public List<String> stringValues() {
        List<String> out = new ArrayList<>();
        valueArray().forEach(v -> {
            if (v.isTextual()) {
                out.add(v.textValue());
            }
        });
        return out;
    }

    /** @return whether no value carries content (see {@link JsonValues#isBlank}) */
    public boolean isEmpty() {
        for (JsonNode v : valueArray()) {
            if (!JsonValues.isBlank(v)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Replaces the values with strings.
     *
     * @param values the new values
     * @return this field
     */
    public RecordField setValue(String... values) {
        ArrayNode array = NODES.arrayNode();
        for (String v : values) {
            array.add(Objects.requireNonNull(v, "value"));
        }
        node.set("value", array);
        return this;
    }

    /**
     * Replaces the values with one boolean (checkbox fields).
     *
     * @param value the new value
     * @return this field
     */
    public RecordField setValue(boolean value) {
        node.set("value", NODES.arrayNode().add(value));
        return this;
    }

    /**
     * Replaces the values with one number (date fields, in epoch milliseconds).
     *
     * @param value the new value
     * @return this field
     */
    public RecordField setValue(long value) {
        node.set("value", NODES.arrayNode().add(value));
        return this;
    }

    /**
     * Replaces the values with JSON values (objects such as {@code pamHostname}'s), copied.
     *
     * @param values the new values
     * @return this field
     */
    public RecordField setValueNodes(List<? extends JsonNode> values) {
        ArrayNode array = NODES.arrayNode();
        values.forEach(v -> array.add(Objects.requireNonNull(v, "value").deepCopy()));
        node.set("value", array);
        return this;
    }

    /**
     * @param name any property name, modelled or not
     * @return a copy of the property's value, if present
     */
    public Optional<JsonNode> property(String name) {
        return Optional.ofNullable(node.get(name)).map(JsonNode::deepCopy);
    }

    ObjectNode node() {
        return node;
    }

    private ArrayNode valueArray() {
        JsonNode value = node.get("value");
        return value instanceof ArrayNode array ? array : NODES.arrayNode();
    }

    @Override
    public String toString() {
        return "RecordField[type=" + FieldLabels.printable(type())
                + label().map(l -> ", label=" + FieldLabels.printable(l)).orElse("")
                + ", values=" + valueCount() + "]";
    }
}
