package io.castellan.cli.vault;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.record.FieldLabels;
import io.castellan.model.record.RecordData;
import io.castellan.model.record.RecordField;
import io.castellan.model.recordtype.FieldDefinition;
import io.castellan.model.recordtype.FieldTypeDefinition;
import io.castellan.model.recordtype.RecordTypeDefinition;
import io.castellan.model.recordtype.RecordTypes;
import io.castellan.model.recordtype.RecordValidator;
import io.castellan.model.recordtype.ValidationIssue;
import io.castellan.model.recordtype.ValidationReport;
import java.util.List;
import java.util.Optional;

/**
 * Builds and changes records from {@code FIELD=VALUE} arguments. A new record starts with every field of its type's
 * layout (empty), as Keeper's clients create them; a spec fills the matching field, a field outside the layout goes
 * to {@code custom}. The result is validated with {@link RecordValidator}: errors fail the command naming the record
 * type and field, warnings are returned for printing.
 */
public final class RecordEditor {

    private final RecordTypes types;

    public RecordEditor(RecordTypes types) {
        this.types = types;
    }

    /** @return a new record of {@code type} with the empty layout */
    public RecordData create(String type, String title) {
        RecordTypeDefinition definition = types.recordType(type).orElseThrow(() ->
                new CastellanException(ErrorCode.BAD_REQUEST, "unknown record type \"" + type + "\"; known types: "
                        + String.join(", ", types.recordTypes().stream().map(RecordTypeDefinition::name).toList())));
        RecordData record = RecordData.create(definition.name(), title);
        definition.fields().forEach(slot -> record.addField(slot.type(), slot.label()));
        return record;
    }

    /** Applies every argument to the record, in order. */
    public void apply(RecordData record, List<String> arguments) {
        for (String argument : arguments) {
            FieldSpec spec = FieldSpec.parse(argument, record.type(), types);
            FieldTypeDefinition definition = types.fieldType(spec.type()).orElseThrow();
            find(record, spec).orElseGet(() -> add(record, spec))
                    .setValueNodes(FieldValues.convert(definition, record.type(), spec));
        }
    }

    /**
     * @return the warnings
     * @throws CastellanException ({@link ErrorCode#VALIDATION_FAILED}) on the first error
     */
    public List<String> validate(RecordData record) {
        ValidationReport report = new RecordValidator(types).validate(record);
        report.throwIfInvalid();
        return report.warnings().stream().map(ValidationIssue::message).toList();
    }

    private static Optional<RecordField> find(RecordData record, FieldSpec spec) {
        List<RecordField> candidates = spec.custom() ? record.custom()
                : java.util.stream.Stream.concat(record.fields().stream(), record.custom().stream()).toList();
        return candidates.stream().filter(f -> f.type().equals(spec.type()))
                .filter(f -> spec.label() == null ? f.label().filter(l -> !l.isEmpty()).isEmpty()
                        : f.hasLabel(spec.label()))
                .findFirst();
    }

    private RecordField add(RecordData record, FieldSpec spec) {
        if (!spec.custom()) {
            Optional<FieldDefinition> slot = types.recordType(record.type()).stream()
                    .flatMap(t -> t.fields().stream())
                    .filter(s -> s.type().equals(spec.type()))
                    .filter(s -> spec.label() == null ? s.label() == null : s.label() != null
                            && (FieldLabels.matches(s.label(), spec.label())
                            || (s.displayLabel() != null && FieldLabels.matches(s.displayLabel(), spec.label()))))
                    .findFirst();
            if (slot.isPresent()) {
                return record.addField(slot.get().type(), slot.get().label());
            }
        }
        return record.addCustomField(spec.type(), spec.label());
    }
}
