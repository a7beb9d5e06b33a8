package io.castellan.model.recordtype;

import java.util.List;
import java.util.Objects;

/**
 * A record type: its name and the ordered layout of its standard fields.
 *
 * @param name the type name, e.g. {@code pamDatabase}
 * @param description a one-line description
 * @param recordVersion the vault record version (3 for ordinary records, 6 for PAM configurations)
 * @param fields the layout of the record's {@code fields} array
 */
public record RecordTypeDefinition(String name, String description, int recordVersion, List<FieldDefinition> fields) {

    /** Validates and copies. */
    public RecordTypeDefinition {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        fields = List.copyOf(fields);
    }

    /** @return the slots a record must fill */
    public List<FieldDefinition> requiredFields() {
        return fields.stream().filter(FieldDefinition::required).toList();
    }
}
