package io.castellan.model.recordtype;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.model.record.RecordData;
import java.util.List;
import java.util.Map;

/** Builds a record that fills every slot of a record type with a value of the right shape. */
final class SampleRecords {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SampleRecords() {
    }

    static RecordData sample(RecordTypes types, RecordTypeDefinition type) {
        RecordData record = RecordData.create(type.name(), "sample " + type.name());
        for (FieldDefinition slot : type.fields()) {
            FieldTypeDefinition fieldType = types.fieldType(slot.type()).orElseThrow();
            record.addField(slot.type(), slot.label()).setValueNodes(List.of(value(fieldType)));
        }
        return record;
    }

    private static JsonNode value(FieldTypeDefinition type) {
        return switch (type.value()) {
            case STRING -> NODES.textNode("value of " + type.name());
            case NUMBER -> NODES.numberNode(1_700_000_000_000L);
            case BOOLEAN -> NODES.booleanNode(true);
            default -> object(type.keys());
        };
    }

    private static ObjectNode object(Map<String, ValueShape> keys) {
        ObjectNode o = NODES.objectNode();
        keys.forEach((k, shape) -> {
            switch (shape) {
                case STRING -> o.put(k, "schedule".equals(k) ? "ON_DEMAND" : "x");
                case PORT -> o.put(k, "5432");
                case NUMBER -> o.put(k, 1);
                case BOOLEAN -> o.put(k, true);
                case STRING_ARRAY -> o.set(k, NODES.arrayNode().add("Ue8h6JyWUs7Iu6eY_mha-w"));
                case OBJECT -> o.set(k, NODES.objectNode().put("rotation", true));
                case ANY -> o.set(k, NODES.objectNode().put("protocol", "ssh"));
            }
        });
        return o;
    }
}
