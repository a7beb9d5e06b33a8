package io.castellan.model.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A decrypted record in Keeper's JSON v3 format:
 * {@code {"title", "type", "fields":[...], "custom":[...], "notes"}}.
 *
 * <p>Backed by the parsed JSON tree itself, so nothing the model does not know is lost: unknown
 * top-level properties, unknown field properties and unknown field types all survive a
 * read-modify-write unchanged, in their original order. (Keeper's own Java SDK drops them; a
 * Castellan client must not.) Instances are mutable and not thread-safe.
 *
 * <p>Field lookups search {@code fields} first, then {@code custom}, and compare labels with
 * {@link FieldLabels#matches}. {@link #toString()} never shows values.
 *
 * @see RecordCodec for bounded parsing
 * @see PamRecord for typed PAM accessors
 */
public final class RecordData {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectNode root;

    RecordData(ObjectNode root) {
        this.root = root;
    }

    /**
     * @param json UTF-8 record JSON
     * @return the record, parsed with {@link RecordCodec#DEFAULT_LIMITS}
     * @throws InvalidRecordException when the input is not a readable record
     */
    public static RecordData parse(byte[] json) {
        return RecordCodec.withDefaults().parse(json);
    }

    /**
     * @param json record JSON
     * @return the record, parsed with {@link RecordCodec#DEFAULT_LIMITS}
     * @throws InvalidRecordException when the input is not a readable record
     */
    public static RecordData parse(String json) {
        return RecordCodec.withDefaults().parse(json);
    }

    /**
     * @param type the record type, e.g. {@code pamMachine}
     * @param title the title
     * @return a new record with empty {@code fields} and {@code custom}
     */
    public static RecordData create(String type, String title) {
        ObjectNode root = NODES.objectNode();
        root.put("title", Objects.requireNonNull(title, "title"));
        root.put("type", Objects.requireNonNull(type, "type"));
        root.set("fields", NODES.arrayNode());
        root.set("custom", NODES.arrayNode());
        return new RecordData(root);
    }

    /** @return the title, or {@code ""} when absent */
    public String title() {
        return text("title");
    }

    /** @param title the new title */
    public void setTitle(String title) {
        root.put("title", Objects.requireNonNull(title, "title"));
    }

    /** @return the record type, or {@code ""} when absent */
    public String type() {
        return text("type");
    }

    /** @param type the new record type */
    public void setType(String type) {
        root.put("type", Objects.requireNonNull(type, "type"));
    }

    /** @return the notes, or {@code ""} when absent */
    public String notes() {
        return text("notes");
    }

    /** @param notes the new notes, or {@code null} to remove them */
    public void setNotes(String notes) {
        if (notes == null) {
            root.remove("notes");
        } else {
            root.put("notes", notes);
        }
    }

    /** @return live views of the standard fields, in order (unmodifiable list) */
    public List<RecordField> fields() {
        return views("fields");
    }

    /** @return live views of the custom fields, in order (unmodifiable list) */
    public List<RecordField> custom() {
        return views("custom");
    }

    /**
     * @param type a field type
     * @return the first field of that type, in {@code fields} then {@code custom}
     */
    public Optional<RecordField> findField(String type) {
        return findField(type, null);
    }

    /**
     * @param type a field type, or {@code null} for any
     * @param label a label (id or display form), or {@code null} for any
     * @return the first matching field, in {@code fields} then {@code custom}
     */
    public Optional<RecordField> findField(String type, String label) {
        return Stream.concat(fields().stream(), custom().stream())
                .filter(f -> type == null || type.equals(f.type()))
                .filter(f -> label == null || f.hasLabel(label))
                .findFirst();
    }

    /**
     * @param type a field type, or {@code null} for any
     * @param label a label, or {@code null} for any
     * @return the first value of the first matching field as text
     * @see RecordField#firstValueAsString()
     */
    public Optional<String> firstValue(String type, String label) {
        return findField(type, label).flatMap(RecordField::firstValueAsString);
    }

    /**
     * Sets the values of the first matching field, adding the field to {@code fields} if none matches.
     *
     * @param type the field type
     * @param label the label, or {@code null}
     * @param values the new string values
     * @return the field that was set
     */
    public RecordField setFieldValue(String type, String label, String... values) {
        return findField(type, label).orElseGet(() -> addField(type, label)).setValue(values);
    }

    /**
     * @param type the field type
     * @param label the label, or {@code null}
     * @return a new empty field appended to {@code fields}
     */
    public RecordField addField(String type, String label) {
        return append("fields", type, label);
    }

    /**
     * @param type the field type
     * @param label the label, or {@code null}
     * @return a new empty field appended to {@code custom}
     */
    public RecordField addCustomField(String type, String label) {
        return append("custom", type, label);
    }

    /**
     * @param field a field of this record
     * @return whether it was found and removed
     */
    public boolean removeField(RecordField field) {
        for (String name : List.of("fields", "custom")) {
            if (root.get(name) instanceof ArrayNode array) {
                for (int i = 0; i < array.size(); i++) {
                    if (array.get(i) == field.node()) {
                        array.remove(i);
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** @return the names of all top-level properties, known or not, in document order */
    public List<String> propertyNames() {
        List<String> names = new ArrayList<>();
        root.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /**
     * @param name any top-level property name
     * @return a copy of its value, if present
     */
    public Optional<JsonNode> property(String name) {
        return Optional.ofNullable(root.get(name)).map(JsonNode::deepCopy);
    }

    /** @return a deep copy */
    public RecordData copy() {
        return new RecordData(root.deepCopy());
    }

    /** @return compact UTF-8 JSON; the same record always gives the same bytes */
    public byte[] toBytes() {
        return RecordCodec.write(root);
    }

    /** @return compact JSON text */
    public String toJson() {
        return new String(toBytes(), StandardCharsets.UTF_8);
    }

    private String text(String name) {
        JsonNode node = root.get(name);
        return node != null && node.isTextual() ? node.textValue() : "";
    }

    private List<RecordField> views(String name) {
        JsonNode array = root.get(name);
        if (!(array instanceof ArrayNode)) {
            return List.of();
        }
        List<RecordField> out = new ArrayList<>(array.size());
        array.forEach(node -> out.add(new RecordField((ObjectNode) node)));
        return Collections.unmodifiableList(out);
    }

    private RecordField append(String arrayName, String type, String label) {
        ObjectNode node = NODES.objectNode();
        node.put("type", Objects.requireNonNull(type, "type"));
        if (label != null) {
            node.put("label", label);
        }
        node.set("value", NODES.arrayNode());
        JsonNode existing = root.get(arrayName);
        ArrayNode array = existing instanceof ArrayNode a ? a : root.putArray(arrayName);
        array.add(node);
        return new RecordField(node);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordData other && root.equals(other.root);
    }

    @Override
    public int hashCode() {
        return root.hashCode();
    }

    @Override
    public String toString() {
        return "RecordData[type=" + FieldLabels.printable(type()) + ", fields=" + fields().size()
                + ", custom=" + custom().size() + "]";
    }
}
