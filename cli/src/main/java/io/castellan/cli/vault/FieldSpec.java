package io.castellan.cli.vault;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.recordtype.RecordTypes;

/**
 * One {@code FIELD=VALUE} argument of {@code record-add} / {@code record-update}, in Commander's notation:
 * <ul>
 *   <li>{@code login=admin}: a standard field by type;</li>
 *   <li>{@code text.operatingSystem=Linux}: a standard field by type and label (id or display label);</li>
 *   <li>{@code c.Owner=ops}: a custom text field labelled {@code Owner};
 *       {@code c.secret.API Key=…}: a custom field of another type.</li>
 * </ul>
 * Everything after the first {@code =} is the value (it may contain {@code =}); an empty value clears the field.
 * Error messages never repeat the value: it may be a password.
 *
 * @param type the field type
 * @param label the label, or {@code null}
 * @param custom whether it goes to the record's {@code custom} list
 * @param value the raw value text
 */
public record FieldSpec(String type, String label, boolean custom, String value) {

    /**
     * @param argument the argument as typed
     * @param recordType the record's type, for messages
     * @param types the field type registry
     * @return the spec
     * @throws CastellanException ({@link ErrorCode#BAD_REQUEST}) naming the record type and field
     */
    public static FieldSpec parse(String argument, String recordType, RecordTypes types) {
        int eq = argument.indexOf('=');
        if (eq <= 0) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, recordType + ": a field argument must be written"
                    + " FIELD=VALUE (for example login=admin, text.operatingSystem=Linux or c.Owner=ops)");
        }
        String key = argument.substring(0, eq);
        String value = argument.substring(eq + 1);
        if (key.startsWith("c.")) {
            String rest = key.substring(2);
            int dot = rest.indexOf('.');
            if (dot > 0 && types.fieldType(rest.substring(0, dot)).isPresent()) {
                return new FieldSpec(rest.substring(0, dot), label(recordType, key, rest.substring(dot + 1)), true,
                        value);
            }
            return new FieldSpec("text", label(recordType, key, rest), true, value);
        }
        int dot = key.indexOf('.');
        String type = dot < 0 ? key : key.substring(0, dot);
        if (types.fieldType(type).isEmpty()) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, recordType + ": unknown field type \"" + type
                    + "\" (custom fields are written c.LABEL=VALUE)");
        }
        return new FieldSpec(type, dot < 0 ? null : label(recordType, key, key.substring(dot + 1)), false, value);
    }

    /** @return {@code type} or {@code type:label}, as messages name fields */
    public String displayName() {
        return label == null ? type : type + ":" + label;
    }

    private static String label(String recordType, String key, String label) {
        if (label.isBlank()) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, recordType + ": field " + key + " has an empty label");
        }
        return label;
    }
}
