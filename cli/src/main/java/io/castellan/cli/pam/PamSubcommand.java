package io.castellan.cli.pam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.cli.support.CastellanSubcommand;
import io.castellan.client.VaultClient;
import io.castellan.client.keys.UserKeyring;
import io.castellan.client.sm.AppClient;
import io.castellan.client.sm.Apps;
import io.castellan.client.sm.SecretsManagerApp;
import io.castellan.client.vault.Vault;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.json.Json;
import java.util.ArrayList;
import java.util.List;

/** Base of the {@code pam} commands: the session, the decrypted vault, gateways by name, schedules. */
abstract class PamSubcommand extends CastellanSubcommand {

    /** @return the client for the stored session */
    protected VaultClient client() {
        return context().client();
    }

    /** @return the decrypted vault; warnings about skipped entries go to standard error */
    protected Vault open(VaultClient client) {
        Vault vault = client.sync();
        vault.problems().forEach(printer()::warn);
        return vault;
    }

    /**
     * The client id of a gateway given by client id or by name, among the gateways of the applications the user
     * sees.
     */
    protected String gateway(VaultClient client, UserKeyring keyring, String nameOrId) {
        List<String> found = new ArrayList<>();
        try (Apps apps = client.secretsManager().list(keyring)) {
            for (SecretsManagerApp app : apps.all()) {
                for (AppClient c : client.secretsManager().get(app.uid()).clients()) {
                    if ("gateway".equals(c.kind()) && (nameOrId.equals(c.clientId()) || nameOrId.equals(c.name()))) {
                        found.add(c.clientId());
                    }
                }
            }
        }
        if (found.isEmpty()) {
            throw new CastellanException(ErrorCode.NOT_FOUND, "no gateway named " + nameOrId
                    + " in your applications (give its name or client id; see 'secrets-manager app get APP')");
        }
        if (found.size() > 1) {
            throw new CastellanException(ErrorCode.CONFLICT, found.size() + " gateways are named " + nameOrId
                    + "; give the client id instead");
        }
        return found.get(0);
    }

    /** Parses a {@code --schedule-json} value: a JSON object (the server checks its type and entries). */
    static ObjectNode schedule(String json) {
        JsonNode node;
        try {
            node = Json.newMapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new CastellanException(ErrorCode.VALIDATION_FAILED,
                    "--schedule-json is not valid JSON (e.g. {\"type\":\"DAILY\",\"utcTime\":\"03:00\"})");
        }
        if (!(node instanceof ObjectNode object)) {
            throw new CastellanException(ErrorCode.VALIDATION_FAILED,
                    "--schedule-json must be a JSON object with a \"type\"");
        }
        return object;
    }

    /** A schedule for a table: its type, or ON_DEMAND. */
    static String scheduleText(JsonNode schedule) {
        return schedule == null || schedule.isNull() || schedule.isMissingNode() ? "ON_DEMAND"
                : schedule.path("type").asText("?");
    }
}
