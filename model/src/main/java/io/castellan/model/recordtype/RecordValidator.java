package io.castellan.model.recordtype;

import io.castellan.model.record.FieldLabels;
import io.castellan.model.record.RecordData;
import io.castellan.model.record.RecordField;
import io.castellan.model.recordtype.ValidationIssue.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks a record against its record type: the type exists, required fields are present and
 * non-empty, and every value of a known field type has the right shape (a {@code pamHostname}
 * port from 1 to 65535, a {@code checkbox} boolean, a CRON schedule with an expression...).
 *
 * <p>Forward compatible: unknown field types and fields outside the type's layout are kept and
 * reported as warnings, never errors, because newer Keeper clients add them. Runs where records
 * are plaintext — CLI, gateway, SDK — since the server only ever sees ciphertext.
 *
 * <p>Messages name the record type and the field and never contain the value of a sensitive
 * field ({@link FieldTypeDefinition#sensitive()}); in practice they quote no value except a
 * rejected port.
 */
public final class RecordValidator {

    private final RecordTypes types;

    /**
     * @param types the registry to validate against
     */
    public RecordValidator(RecordTypes types) {
        this.types = Objects.requireNonNull(types, "types");
    }

    /** @return a validator over {@link RecordTypes#builtIn()} */
    public static RecordValidator builtIn() {
        return new RecordValidator(RecordTypes.builtIn());
    }

    /**
     * @param record the record to check
     * @return the errors and warnings found
     */
    public ValidationReport validate(RecordData record) {
        String typeName = FieldLabels.printable(record.type());
        List<ValidationIssue> issues = new ArrayList<>();
        List<RecordField> all = new ArrayList<>(record.fields());
        int standardCount = all.size();
        all.addAll(record.custom());

        for (RecordField field : all) {
            String name = fieldName(field);
            Optional<FieldTypeDefinition> fieldType = types.fieldType(field.type());
            if (fieldType.isEmpty()) {
                issues.add(new ValidationIssue(Severity.WARNING, typeName, name, "unknown field type; kept as is"));
            } else {
                FieldValueChecker.check(fieldType.get(), field.values(),
                        problem -> issues.add(new ValidationIssue(Severity.ERROR, typeName, name, problem)));
            }
        }

        Optional<RecordTypeDefinition> type = types.recordType(record.type());
        if (typeName.isBlank()) {
            issues.add(new ValidationIssue(Severity.ERROR, "", null, "the record has no type"));
        } else if (type.isEmpty()) {
            issues.add(new ValidationIssue(Severity.ERROR, typeName, null, "unknown record type \"" + typeName + "\""));
        } else {
            checkLayout(type.get(), all, standardCount, issues);
        }
        return new ValidationReport(typeName, issues);
    }

    private void checkLayout(RecordTypeDefinition type, List<RecordField> all, int standardCount,
                             List<ValidationIssue> issues) {
        RecordField[] filled = new RecordField[type.fields().size()];
        boolean[] claimed = new boolean[all.size()];
        // Labelled slots first, so an unlabelled slot of the same type cannot take their field.
        for (boolean labelled : new boolean[] {true, false}) {
            for (int s = 0; s < filled.length; s++) {
                FieldDefinition slot = type.fields().get(s);
                if ((slot.label() != null) == labelled) {
                    filled[s] = claim(slot, all, claimed);
                }
            }
        }
        for (int s = 0; s < filled.length; s++) {
            FieldDefinition slot = type.fields().get(s);
            if (slot.required() && filled[s] == null) {
                issues.add(new ValidationIssue(Severity.ERROR, type.name(), slot.displayName(), "required field is missing"));
            } else if (slot.required() && filled[s].isEmpty()) {
                issues.add(new ValidationIssue(Severity.ERROR, type.name(), slot.displayName(), "required field is empty"));
            }
        }
        for (int i = 0; i < standardCount; i++) {
            if (!claimed[i] && types.fieldType(all.get(i).type()).isPresent()) {
                issues.add(new ValidationIssue(Severity.WARNING, type.name(), fieldName(all.get(i)),
                        "not part of the " + type.name() + " layout; kept as is"));
            }
        }
    }

    private static RecordField claim(FieldDefinition slot, List<RecordField> all, boolean[] claimed) {
        int fallback = -1;
        for (int i = 0; i < all.size(); i++) {
            if (claimed[i] || !slot.matches(all.get(i))) {
                continue;
            }
            if (slot.label() != null || all.get(i).label().isEmpty()) {
                claimed[i] = true;
                return all.get(i);
            }
            fallback = fallback < 0 ? i : fallback;
        }
        if (fallback >= 0) {
            claimed[fallback] = true;
            return all.get(fallback);
        }
        return null;
    }

    private static String fieldName(RecordField field) {
        String type = FieldLabels.printable(field.type());
        return field.label().filter(l -> !l.isEmpty()).map(l -> type + ":" + FieldLabels.printable(l)).orElse(type);
    }
}
