package io.castellan.model.recordtype;

/**
 * One finding of {@link RecordValidator}. The message names the record type and the field
 * ({@code type} or {@code type:label}) and never contains a secret value.
 *
 * @param severity error (the record is invalid) or warning (kept, but worth a look)
 * @param recordType the record's type ({@code ""} when it has none)
 * @param field the field as {@code type} or {@code type:label}, or {@code null} for record-level issues
 * @param problem what is wrong, without the prefix
 */
public record ValidationIssue(Severity severity, String recordType, String field, String problem) {

    /** How serious an issue is. */
    public enum Severity {
        /** The record breaks its type's rules. */
        ERROR,
        /** The record is accepted, but something is unusual (e.g. an unknown field type). */
        WARNING
    }

    /** @return the full message, e.g. {@code pamDatabase: field pamHostname: port "99999" is out of range 1-65535} */
    public String message() {
        String prefix = recordType.isEmpty() ? "record" : recordType;
        return field == null ? prefix + ": " + problem : prefix + ": field " + field + ": " + problem;
    }

    @Override
    public String toString() {
        return severity + " " + message();
    }
}
