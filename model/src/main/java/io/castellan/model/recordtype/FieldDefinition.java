package io.castellan.model.recordtype;

import io.castellan.model.record.FieldLabels;
import io.castellan.model.record.RecordField;
import java.util.Objects;

/**
 * One slot in a record type's layout, such as {@code text:operatingSystem}.
 *
 * @param type the field type
 * @param label Keeper's camelCase label id, or {@code null} for an unlabelled slot
 * @param displayLabel the human label (KSM helper / web vault form), or {@code null}
 * @param required whether a record of this type must have a non-empty value here
 */
public record FieldDefinition(String type, String label, String displayLabel, boolean required) {

    /** Validates. */
    public FieldDefinition {
        Objects.requireNonNull(type, "type");
    }

    /** @return {@code type} or {@code type:label}, the name used in messages */
    public String displayName() {
        return label == null ? type : type + ":" + label;
    }

    /**
     * @param field a record field
     * @return whether the field fills this slot: same type, and (for a labelled slot) a label
     *     matching the id or the display label
     */
    public boolean matches(RecordField field) {
        if (!type.equals(field.type())) {
            return false;
        }
        if (label == null) {
            return true;
        }
        String actual = field.label().orElse(null);
        return FieldLabels.matches(actual, label) || (displayLabel != null && FieldLabels.matches(actual, displayLabel));
    }
}
