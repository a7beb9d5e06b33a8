package io.castellan.model.recordtype;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.record.InvalidRecordException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of validating one record: its errors and warnings, in the order found.
 *
 * @param recordType the record's type ({@code ""} when it has none)
 * @param issues every finding
 */
public record ValidationReport(String recordType, List<ValidationIssue> issues) {

    /** Copies the list. */
    public ValidationReport {
        issues = List.copyOf(issues);
    }

    /** @return the errors */
    public List<ValidationIssue> errors() {
        return issues.stream().filter(i -> i.severity() == ValidationIssue.Severity.ERROR).toList();
    }

    /** @return the warnings */
    public List<ValidationIssue> warnings() {
        return issues.stream().filter(i -> i.severity() == ValidationIssue.Severity.WARNING).toList();
    }

    /** @return whether there are no errors (warnings allowed) */
    public boolean isValid() {
        return errors().isEmpty();
    }

    /**
     * @throws InvalidRecordException ({@link ErrorCode#VALIDATION_FAILED}) naming the first error
     *     and counting the rest, with the record type and field as details
     */
    public void throwIfInvalid() {
        List<ValidationIssue> errors = errors();
        if (errors.isEmpty()) {
            return;
        }
        ValidationIssue first = errors.get(0);
        String more = errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "";
        Map<String, String> details = new LinkedHashMap<>();
        details.put(CastellanException.DETAIL_RECORD_TYPE, recordType);
        if (first.field() != null) {
            details.put(CastellanException.DETAIL_FIELD, first.field());
        }
        throw new InvalidRecordException(ErrorCode.VALIDATION_FAILED, first.message() + more, details);
    }
}
