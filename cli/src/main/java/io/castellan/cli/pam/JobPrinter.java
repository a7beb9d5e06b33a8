package io.castellan.cli.pam;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.cli.support.Printer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Prints a job (as {@code job_info} and {@code gateway_info} return it) as a two-column table. */
final class JobPrinter {

    private JobPrinter() {
    }

    static void print(Printer printer, JsonNode job) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("Job", job.path("jobId").asText()));
        rows.add(List.of("Gateway", job.path("gatewayUid").asText()));
        rows.add(List.of("Command", job.path("command").asText()));
        rows.add(List.of("State", job.path("state").asText()));
        rows.add(List.of("Summary", job.path("summary").asText("-")));
        List<String> records = new ArrayList<>();
        job.path("recordUids").forEach(r -> records.add(r.asText()));
        rows.add(List.of("Records", records.isEmpty() ? "-" : String.join(", ", records)));
        job.path("details").fields().forEachRemaining(e -> rows.add(List.of(e.getKey(), e.getValue().asText())));
        rows.add(List.of("Requested by", job.path("requestedBy").asText()));
        rows.add(List.of("Created", Instant.ofEpochMilli(job.path("createdAt").asLong()).toString()));
        rows.add(List.of("Updated", Instant.ofEpochMilli(job.path("updatedAt").asLong()).toString()));
        printer.table(List.of("Field", "Value"), rows);
    }
}
