package io.castellan.cli.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.cli.support.CastellanSubcommand;
import io.castellan.cli.support.Printer;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code castellan alert list}: rules, channels (URLs by host only), filters and delivery state. */
@Command(name = "list", description = "List the alert rules (never a secret).")
public final class AlertListCommand extends CastellanSubcommand {

    @Override
    protected int execute() {
        JsonNode rules = context().client().audit().alertList().path("rules");
        Printer printer = printer();
        if (printer.json()) {
            printer.json(rules);
            return 0;
        }
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode r : rules) {
            List<String> types = new ArrayList<>();
            r.path("eventTypes").forEach(t -> types.add(t.asText()));
            JsonNode settings = r.path("settings");
            String destination = settings.has("destination") ? settings.path("destination").asText()
                    : settings.has("to") ? settings.path("to").toString() : "";
            rows.add(List.of(r.path("name").asText(), r.path("channel").asText(), destination,
                    String.join(" ", types), r.path("filters").toString(), r.path("deliveredSeq").asText(),
                    SinkListCommand.time(r.path("lastSuccessAt")),
                    r.path("lastError").isNull() ? "" : r.path("lastError").asText()));
        }
        printer.table(List.of("Name", "Channel", "Destination", "Event types", "Filters", "Delivered",
                "Last success", "Last error"), rows);
        return 0;
    }
}
