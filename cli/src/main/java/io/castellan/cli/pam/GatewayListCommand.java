package io.castellan.cli.pam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.cli.support.CastellanSubcommand;
import io.castellan.cli.support.Printer;
import io.castellan.client.VaultClient;
import io.castellan.client.keys.UserKeyring;
import io.castellan.client.sm.Apps;
import io.castellan.client.sm.SecretsManagerApp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * {@code castellan pam gateway list}: every gateway of the applications the user sees, and whether it is online. The
 * server knows applications only by UID (their titles are encrypted), so the titles are opened here with the user's
 * keys, as {@code secrets-manager app list} does.
 */
@Command(name = "list", description = "List gateways: name, UID, application, online/offline, version, connected"
        + " since or last seen, server node.")
final class GatewayListCommand extends CastellanSubcommand {

    @Override
    protected int execute() {
        VaultClient client = context().client();
        List<JsonNode> gateways = client.gateways().list();
        Map<String, String> titles = gateways.isEmpty() ? Map.of() : appTitles(client);
        Printer printer = printer();
        if (printer.json()) {
            gateways.forEach(g -> ((ObjectNode) g).put("appTitle", titles.get(g.path("appUid").asText())));
            printer.json(gateways);
            return 0;
        }
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode g : gateways) {
            boolean online = g.path("online").asBoolean();
            String appUid = g.path("appUid").asText();
            rows.add(List.of(g.path("name").asText(), g.path("uid").asText(), titles.getOrDefault(appUid, appUid),
                    online ? "online" : "offline", g.path("version").asText("-"),
                    online ? time(g, "connectedAt") : time(g, "lastSeenAt"), g.path("node").asText("-")));
        }
        printer.table(List.of("Name", "UID", "Application", "Status", "Version", "Since / last seen", "Node"), rows);
        return 0;
    }

    /** Application UID → decrypted title; an application whose title cannot be opened is left out (UID shown). */
    private Map<String, String> appTitles(VaultClient client) {
        Map<String, String> titles = new HashMap<>();
        try (UserKeyring keyring = client.session().unlock(client.config());
             Apps apps = client.secretsManager().list(keyring)) {
            apps.problems().forEach(printer()::warn);
            for (SecretsManagerApp app : apps.all()) {
                titles.put(app.uid(), app.title());
            }
        }
        return titles;
    }

    private static String time(JsonNode g, String field) {
        return g.hasNonNull(field) ? Instant.ofEpochMilli(g.get(field).asLong()).truncatedTo(ChronoUnit.SECONDS)
                .toString() : "-";
    }
}
