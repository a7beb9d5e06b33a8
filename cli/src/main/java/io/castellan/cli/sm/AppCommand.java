package io.castellan.cli.sm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.cli.support.Printer;
import io.castellan.client.VaultClient;
import io.castellan.client.keys.UserKeyring;
import io.castellan.client.sm.AppDetails;
import io.castellan.client.sm.AppGrant;
import io.castellan.client.sm.AppRole;
import io.castellan.client.sm.Apps;
import io.castellan.client.sm.SecretsManagerApp;
import io.castellan.client.vault.Vault;
import io.castellan.client.vault.VaultRecord;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code castellan secrets-manager app create|list|get|remove|share}. */
@Command(name = "app", synopsisSubcommandLabel = "create|list|get|remove|share",
        description = "Create, list, show, remove and share Secrets Manager applications.",
        subcommands = {AppCommand.Create.class, AppCommand.ListApps.class, AppCommand.Get.class,
            AppCommand.Remove.class, AppCommand.Share.class})
final class AppCommand extends CommandGroup {

    /** {@code app create NAME}: prints the new application's UID. */
    @Command(name = "create", description = "Create an application (its key is made here; the server never sees it).")
    static final class Create extends SmCommand {
        @Parameters(paramLabel = "NAME", description = "The application's name.")
        String name;

        @Override
        protected int execute() {
            VaultClient client = client();
            String uid;
            try (UserKeyring keyring = unlock(client); Apps apps = apps(client, keyring)) {
                List<SecretsManagerApp> same = apps.named(name);
                if (!same.isEmpty()) {
                    throw new CastellanException(ErrorCode.CONFLICT, "an application named " + name
                            + " already exists (" + same.get(0).uid() + "); choose another name");
                }
                uid = client.secretsManager().create(keyring, name);
            }
            Printer printer = printer();
            if (printer.json()) {
                printer.json(Printer.object().put("uid", uid).put("title", name));
            } else {
                printer.line(uid);
            }
            return 0;
        }
    }

    /** {@code app list}. */
    @Command(name = "list", description = "List the applications you own or that are shared with you.")
    static final class ListApps extends SmCommand {
        @Override
        protected int execute() {
            VaultClient client = client();
            Printer printer = printer();
            try (UserKeyring keyring = unlock(client); Apps apps = apps(client, keyring)) {
                if (printer.json()) {
                    ArrayNode out = Printer.object().arrayNode();
                    apps.all().forEach(a -> out.addObject().put("uid", a.uid()).put("title", a.title())
                            .put("role", a.role()).put("ownerUid", a.ownerUid()));
                    printer.json(out);
                } else {
                    printer.table(List.of("UID", "Name", "Role"), apps.all().stream()
                            .map(a -> List.of(a.uid(), a.title(), a.role() == null ? "" : a.role())).toList());
                }
            }
            return 0;
        }
    }

    /** {@code app get APP}: the application, what it is granted, its devices and members. */
    @Command(name = "get", description = "Show an application: its grants, devices and gateways, and members.")
    static final class Get extends SmCommand {
        @Parameters(paramLabel = "APP", description = "Application name or UID.")
        String app;

        @Override
        protected int execute() {
            VaultClient client = client();
            Printer printer = printer();
            try (Vault vault = open(client); Apps apps = apps(client, vault.keyring())) {
                SecretsManagerApp found = apps.resolve(app);
                AppDetails details = client.secretsManager().get(found.uid());
                if (printer.json()) {
                    printer.json(json(found, details, vault));
                } else {
                    table(printer, found, details, vault);
                }
            }
            return 0;
        }

        private static ObjectNode json(SecretsManagerApp app, AppDetails details, Vault vault) {
            ObjectNode out = Printer.object().put("uid", app.uid()).put("title", app.title()).put("role", app.role())
                    .put("ownerUid", app.ownerUid());
            ArrayNode grants = out.putArray("grants");
            details.grants().forEach(g -> grants.addObject().put("subjectUid", g.subjectUid()).put("kind", g.kind())
                    .put("editable", g.editable()).put("title", titleOf(g, vault)));
            ArrayNode clients = out.putArray("clients");
            details.clients().forEach(c -> ClientCommand.json(clients.addObject(), c));
            ArrayNode members = out.putArray("members");
            details.members().forEach(m -> members.addObject().put("userUid", m.userUid()).put("email", m.email())
                    .put("role", m.role()));
            return out;
        }

        private static void table(Printer printer, SecretsManagerApp app, AppDetails details, Vault vault) {
            printer.table(List.of("Field", "Value"), List.of(List.of("UID", app.uid()), List.of("Name", app.title()),
                    List.of("Role", app.role() == null ? "" : app.role())));
            printer.line("");
            printer.line("Granted (" + details.grants().size() + "):");
            printer.table(List.of("Kind", "UID", "Title", "Access"), details.grants().stream()
                    .map(g -> List.of(g.kind() == null ? "" : g.kind(), g.subjectUid(), titleOf(g, vault),
                            g.editable() ? "editable" : "read-only")).toList());
            printer.line("");
            printer.line("Clients (" + details.clients().size() + "):");
            ClientCommand.table(printer, details.clients());
            printer.line("");
            printer.line("Members (" + details.members().size() + "):");
            printer.table(List.of("Email", "Role"), details.members().stream()
                    .map(m -> List.of(text(m.email() != null ? m.email() : m.userUid()), text(m.role()))).toList());
        }

        private static String titleOf(AppGrant grant, Vault vault) {
            return vault.record(grant.subjectUid()).map(VaultRecord::title)
                    .or(() -> vault.folder(grant.subjectUid()).map(f -> vault.pathOf(f.uid())))
                    .orElse("");
        }

        private static String text(String value) {
            return value == null ? "" : value;
        }
    }

    /** {@code app remove APP}. */
    @Command(name = "remove", description = "Remove an application; its devices and gateways stop working at once.")
    static final class Remove extends SmCommand {
        @Parameters(paramLabel = "APP", description = "Application name or UID.")
        String app;

        @Override
        protected int execute() {
            VaultClient client = client();
            String uid;
            String title;
            try (UserKeyring keyring = unlock(client); Apps apps = apps(client, keyring)) {
                SecretsManagerApp found = apps.resolve(app);
                uid = found.uid();
                title = found.title();
                client.secretsManager().remove(uid);
            }
            Printer printer = printer();
            if (printer.json()) {
                printer.json(Printer.object().put("removed", uid));
            } else {
                printer.line("Removed application " + title + " (" + uid + "); its devices and gateways no longer"
                        + " work.");
            }
            return 0;
        }
    }

    /** {@code app share --app APP --email EMAIL [--role admin|viewer]}. */
    @Command(name = "share", description = "Share an application with users: its key is sealed to each user's public"
            + " key. Admins manage grants, devices and gateways; viewers see and use them.")
    static final class Share extends SmCommand {
        @Option(names = "--app", required = true, paramLabel = "APP", description = "Application name or UID.")
        String app;

        @Option(names = "--email", required = true, paramLabel = "EMAIL", description = "The user (repeatable).")
        List<String> emails;

        @Option(names = "--role", paramLabel = "admin|viewer", defaultValue = "viewer",
                description = "The users' role (default: ${DEFAULT-VALUE}).")
        String role;

        @Override
        protected int execute() {
            AppRole parsed;
            try {
                parsed = AppRole.parse(role);
            } catch (CastellanException e) {
                throw new CastellanException(ErrorCode.BAD_REQUEST, "--role must be admin or viewer");
            }
            VaultClient client = client();
            Printer printer = printer();
            ArrayNode out = Printer.object().arrayNode();
            try (UserKeyring keyring = unlock(client); Apps apps = apps(client, keyring)) {
                SecretsManagerApp found = apps.resolve(app);
                for (String email : emails) {
                    client.secretsManager().share(found, email, parsed);
                    out.addObject().put("uid", found.uid()).put("email", email).put("role", parsed.wire());
                    if (!printer.json()) {
                        printer.line("Shared application " + found.title() + " with " + email + " as "
                                + parsed.wire() + ".");
                    }
                }
            }
            if (printer.json()) {
                printer.json(out);
            }
            return 0;
        }
    }
}
