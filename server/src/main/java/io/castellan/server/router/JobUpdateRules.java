package io.castellan.server.router;

import io.castellan.model.gateway.JobState;
import io.castellan.model.gateway.JobUpdate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a gateway may say about a job, checked before anything is stored: a state the gateway reports (never QUEUED,
 * SENT or TIMED_OUT), a short printable summary, a few short details. A hostile or buggy gateway cannot grow the
 * store or forge server states.
 */
final class JobUpdateRules {

    static final int MAX_JOB_ID = 64;
    static final int MAX_SUMMARY = 1000;
    static final int MAX_DETAILS = 32;
    static final int MAX_DETAIL_KEY = 64;
    static final int MAX_DETAIL_VALUE = 1024;

    private JobUpdateRules() {
    }

    /** @return why the update is refused, or empty when it is acceptable */
    static Optional<String> problem(JobUpdate u) {
        if (u.jobId() == null || u.jobId().isEmpty() || u.jobId().length() > MAX_JOB_ID) {
            return Optional.of("job id missing or too long");
        }
        if (u.state() == null || u.state() == JobState.QUEUED || u.state() == JobState.SENT
                || u.state() == JobState.TIMED_OUT) {
            return Optional.of("a gateway may report only RUNNING, SUCCEEDED, FAILED or REJECTED");
        }
        if (u.summary() != null && u.summary().length() > MAX_SUMMARY) {
            return Optional.of("summary longer than " + MAX_SUMMARY + " characters");
        }
        Map<String, String> details = u.details() == null ? Map.of() : u.details();
        if (details.size() > MAX_DETAILS) {
            return Optional.of("more than " + MAX_DETAILS + " details");
        }
        for (Map.Entry<String, String> e : details.entrySet()) {
            if (e.getKey() == null || e.getKey().isEmpty() || e.getKey().length() > MAX_DETAIL_KEY
                    || e.getValue() == null || e.getValue().length() > MAX_DETAIL_VALUE) {
                return Optional.of("a detail is empty or too long");
            }
        }
        return Optional.empty();
    }

    /** The summary with control characters replaced (it is shown in terminals and logs). */
    static Optional<String> summary(JobUpdate u) {
        return Optional.ofNullable(u.summary()).map(JobUpdateRules::printable);
    }

    static Map<String, String> details(JobUpdate u) {
        Map<String, String> out = new LinkedHashMap<>();
        if (u.details() != null) {
            u.details().forEach((k, v) -> out.put(printable(k), printable(v)));
        }
        return out;
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return sb.toString();
    }
}
