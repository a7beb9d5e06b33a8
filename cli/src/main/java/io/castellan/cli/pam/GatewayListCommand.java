package io.castellan.cli.pam;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.cli.support.CastellanSubcommand;
import io.castellan.cli.support.Printer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code castellan pam gateway list}: every gateway of the applications the user sees, and whether it is online. */
@Command(name = "list", description = "List gateways: name, UID, application, online/offline, version, connected"
        + " since or last seen, server node.")
final class GatewayListCommand extends CastellanSubcommand {

    @Override
    protected int execute() {
        List<JsonNode> gateways = context().client().gateways().list();
        Printer printer = printer();
        if (printer.json()) {
            printer.json(gateways);
            return 0;
        }
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode g : gateways) {
            boolean online = g.path("online").asBoolean();
            rows.add(List.of(g.path("name").asText(), g.path("uid").asText(), g.path("appUid").asText(),
                    online ? "online" : "offline", g.path("version").asText("-"),
                    online ? time(g, "connectedAt") : time(g, "lastSeenAt"), g.path("node").asText("-")));
        }
        printer.table(List.of("Name", "UID", "Application", "Status", "Version", "Since / last seen", "Node"), rows);
        return 0;
    }

    private static String time(JsonNode g, String field) {
        return g.hasNonNull(field) ? Instant.ofEpochMilli(g.get(field).asLong()).truncatedTo(ChronoUnit.SECONDS)
                .toString() : "-";
    }
}
