package io.castellan.cli.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.cli.support.CastellanSubcommand;
import io.castellan.cli.support.Printer;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code castellan audit-report}: audit events filtered by time, type, user and record, as a table, CSV or JSON.
 * Times are ISO-8601 instants ({@code 2026-11-29T06:00:00Z}) or dates ({@code 2026-11-29}, midnight UTC).
 */
@Command(name = "audit-report", description = "List audit events, filtered (administrators only).")
public final class AuditReportCommand extends CastellanSubcommand {

    @Option(names = "--since", paramLabel = "TIME", description = "Events at or after TIME (ISO instant or date).")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "Events before TIME (ISO instant or date).")
    String until;

    @Option(names = "--event-type", paramLabel = "TYPE", description = "Only this event type (docs/audit.md).")
    String eventType;

    @Option(names = "--user", paramLabel = "EMAIL|UID", description = "Events this user did or was the subject of.")
    String user;

    @Option(names = "--record", paramLabel = "UID", description = "Events about this record (or folder, gateway, ...).")
    String record;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "1000",
            description = "At most N events, oldest first (default ${DEFAULT-VALUE}, at most 10000).")
    int limit;

    @Override
    protected int execute() {
        ObjectNode request = Printer.object().put("limit", limit);
        if (since != null) {
            request.put("since", time("--since", since).toEpochMilli());
        }
        if (until != null) {
            request.put("until", time("--until", until).toEpochMilli());
        }
        if (eventType != null) {
            request.put("eventType", eventType);
        }
        if (user != null) {
            request.put("user", user);
        }
        if (record != null) {
            request.put("record", record);
        }
        JsonNode events = context().client().audit().report(request).path("events");
        Printer printer = printer();
        if (printer.json()) {
            printer.json(events);
            return 0;
        }
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode e : events) {
            List<String> subjects = new ArrayList<>();
            e.path("subjectUids").forEach(s -> subjects.add(s.asText()));
            rows.add(List.of(Long.toString(e.path("seq").asLong()),
                    Instant.ofEpochMilli(e.path("occurredAt").asLong()).toString(), e.path("eventType").asText(),
                    e.path("actor").asText(), e.path("sourceIp").isNull() ? "" : e.path("sourceIp").asText(),
                    String.join(" ", subjects), e.path("result").asText(), e.path("detailsJson").asText()));
        }
        printer.table(List.of("Seq", "Time", "Event", "Actor", "Source IP", "Subjects", "Result", "Details"), rows);
        return 0;
    }

    private static Instant time(String option, String text) {
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new CastellanException(ErrorCode.VALIDATION_FAILED, option + " must be an ISO-8601 instant"
                    + " (2026-11-29T06:00:00Z) or a date (2026-11-29), not '" + text + "'");
        }
    }
}
