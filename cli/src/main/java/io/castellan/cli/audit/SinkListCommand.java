package io.castellan.cli.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.cli.support.CastellanSubcommand;
import io.castellan.cli.support.Printer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code castellan audit sink list}: each sink, where it points, how far delivery got and its last error. */
@Command(name = "list", description = "List the SIEM sinks with their delivery state (never a secret).")
public final class SinkListCommand extends CastellanSubcommand {

    @Override
    protected int execute() {
        JsonNode sinks = context().client().audit().sinkList().path("sinks");
        Printer printer = printer();
        if (printer.json()) {
            printer.json(sinks);
            return 0;
        }
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode s : sinks) {
            JsonNode settings = s.path("settings");
            String destination = settings.has("path") ? settings.path("path").asText()
                    : settings.has("url") ? settings.path("url").asText()
                    : settings.path("host").asText() + ":" + settings.path("port").asText();
            rows.add(List.of(s.path("name").asText(), s.path("type").asText(), destination,
                    s.path("deliveredSeq").asText(), s.path("pending").asText(), time(s.path("lastSuccessAt")),
                    s.path("lastError").isNull() ? "" : s.path("lastError").asText()));
        }
        printer.table(List.of("Name", "Type", "Destination", "Delivered", "Pending", "Last success", "Last error"),
                rows);
        return 0;
    }

    static String time(JsonNode millis) {
        return millis.isMissingNode() || millis.isNull() ? "" : Instant.ofEpochMilli(millis.asLong()).toString();
    }
}
