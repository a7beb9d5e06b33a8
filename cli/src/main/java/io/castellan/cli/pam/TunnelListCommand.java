package io.castellan.cli.pam;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.cli.support.CastellanSubcommand;
import io.castellan.cli.support.Printer;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code castellan pam tunnel list}: the user's running tunnels, as the server relays them. */
@Command(name = "list", description = "List your running tunnels: id, record, gateway, opened at, connected, path"
        + " (relay or direct), bytes up and down.")
final class TunnelListCommand extends CastellanSubcommand {

    @Override
    protected int execute() {
        List<JsonNode> tunnels = context().client().tunnels().list();
        Printer printer = printer();
        if (printer.json()) {
            printer.json(tunnels);
            return 0;
        }
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode t : tunnels) {
            rows.add(List.of(t.path("tunnelId").asText(), t.path("recordUid").asText(), t.path("gatewayUid").asText(),
                    t.path("openedAt").asText(), t.path("connected").asBoolean() ? "yes" : "no",
                    t.path("path").asText("relay"), t.path("bytesUp").asText(), t.path("bytesDown").asText()));
        }
        printer.table(List.of("Tunnel", "Record", "Gateway", "Opened", "Connected", "Path", "Bytes up", "Bytes down"),
                rows);
        return 0;
    }
}
