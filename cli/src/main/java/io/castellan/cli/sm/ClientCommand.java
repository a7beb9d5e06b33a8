package io.castellan.cli.sm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.cli.support.Printer;
import io.castellan.client.VaultClient;
import io.castellan.client.keys.UserKeyring;
import io.castellan.client.sm.AppClient;
import io.castellan.client.sm.Apps;
import io.castellan.client.sm.SecretsManagerApp;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code castellan secrets-manager client add|list|remove}: an application's devices (and gateways). */
@Command(name = "client", synopsisSubcommandLabel = "add|list|remove",
        description = "Add devices to an application (one-time access tokens), list and remove them.",
        subcommands = {ClientAddCommand.class, ClientCommand.ListClients.class, ClientCommand.Remove.class})
final class ClientCommand extends CommandGroup {

    /** Shortest client id prefix accepted by {@code --client}. */
    static final int MIN_PREFIX = 8;

    /** {@code client list --app APP}. */
    @Command(name = "list", description = "List an application's devices and gateways.")
    static final class ListClients extends SmCommand {
        @Option(names = "--app", required = true, paramLabel = "APP", description = "Application name or UID.")
        String app;

        @Override
        protected int execute() {
            VaultClient client = client();
            List<AppClient> clients;
            try (UserKeyring keyring = unlock(client); Apps apps = apps(client, keyring)) {
                clients = client.secretsManager().listClients(apps.resolve(app).uid());
            }
            Printer printer = printer();
            if (printer.json()) {
                ArrayNode out = Printer.object().arrayNode();
                clients.forEach(c -> json(out.addObject(), c));
                printer.json(out);
            } else {
                table(printer, clients);
            }
            return 0;
        }
    }

    /** {@code client remove --app APP --client NAME|ID…}. */
    @Command(name = "remove", description = "Remove devices or gateways from an application; each is refused from"
            + " its next request.")
    static final class Remove extends SmCommand {
        @Option(names = "--app", required = true, paramLabel = "APP", description = "Application name or UID.")
        String app;

        @Option(names = "--client", required = true, paramLabel = "NAME|ID",
                description = "Client name, client id, or a unique prefix of at least " + MIN_PREFIX
                        + " characters of the id (repeatable).")
        List<String> names;

        @Override
        protected int execute() {
            VaultClient client = client();
            Printer printer = printer();
            ArrayNode out = Printer.object().arrayNode();
            try (UserKeyring keyring = unlock(client); Apps apps = apps(client, keyring)) {
                SecretsManagerApp found = apps.resolve(app);
                List<AppClient> clients = client.secretsManager().listClients(found.uid());
                List<AppClient> chosen = new ArrayList<>();
                for (String name : names) {
                    AppClient c = resolve(clients, name);
                    if (!chosen.contains(c)) {
                        chosen.add(c);
                    }
                }
                for (AppClient c : chosen) {
                    client.secretsManager().removeClient(found.uid(), c.clientId());
                    out.addObject().put("appUid", found.uid()).put("clientId", c.clientId()).put("name", c.name());
                    if (!printer.json()) {
                        printer.line("Removed client " + c.name() + " (" + c.shortId() + "…) from application "
                                + found.title() + ".");
                    }
                }
            }
            if (printer.json()) {
                printer.json(out);
            }
            return 0;
        }
    }

    /**
     * @param clients an application's clients
     * @param nameOrId a client id, a name, or a unique id prefix of at least {@value #MIN_PREFIX} characters
     * @return the client
     * @throws CastellanException {@link ErrorCode#NOT_FOUND} or {@link ErrorCode#BAD_REQUEST} (ambiguous)
     */
    static AppClient resolve(List<AppClient> clients, String nameOrId) {
        for (AppClient c : clients) {
            if (c.clientId().equals(nameOrId)) {
                return c;
            }
        }
        List<AppClient> named = clients.stream().filter(c -> nameOrId.equals(c.name())).toList();
        if (named.isEmpty() && nameOrId.length() >= MIN_PREFIX) {
            named = clients.stream().filter(c -> c.clientId().startsWith(nameOrId)).toList();
        }
        if (named.size() == 1) {
            return named.get(0);
        }
        if (named.size() > 1) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, named.size() + " clients match " + nameOrId + " ("
                    + String.join(", ", named.stream().map(c -> c.shortId() + "…").toList())
                    + "); give the client id");
        }
        throw new CastellanException(ErrorCode.NOT_FOUND, "the application has no client " + nameOrId
                + " ('secrets-manager client list --app APP' shows them)");
    }

    static void table(Printer printer, List<AppClient> clients) {
        printer.table(List.of("Name", "Client ID", "Kind", "IP lock", "Bound", "First access by", "Access until",
                "Last seen"), clients.stream().map(c -> List.of(c.name() == null ? "" : c.name(), c.shortId() + "…",
                c.kind() == null ? "" : c.kind(), c.lockIp() ? (c.lockedIp() == null ? "on" : c.lockedIp()) : "off",
                c.bound() ? "yes" : "no", c.bound() ? "-" : SmCommand.time(c.firstAccessExpiresAt(), "-"),
                SmCommand.time(c.accessExpiresAt(), "never"), SmCommand.time(c.lastSeenAt(), "-"))).toList());
    }

    static ObjectNode json(ObjectNode out, AppClient c) {
        return out.put("clientId", c.clientId()).put("name", c.name()).put("kind", c.kind()).put("lockIp", c.lockIp())
                .put("lockedIp", c.lockedIp()).put("firstAccessExpiresAt", SmCommand.millis(c.firstAccessExpiresAt()))
                .put("accessExpiresAt", SmCommand.millis(c.accessExpiresAt()))
                .put("createdAt", SmCommand.millis(c.createdAt())).put("lastSeenAt", SmCommand.millis(c.lastSeenAt()))
                .put("bound", c.bound());
    }
}
