package io.castellan.cli.sm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.castellan.cli.support.Printer;
import io.castellan.client.VaultClient;
import io.castellan.client.sm.Apps;
import io.castellan.client.sm.SecretsManagerApp;
import io.castellan.client.vault.Vault;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code castellan secrets-manager share add|remove}: what an application's devices may read. */
@Command(name = "share", synopsisSubcommandLabel = "add|remove",
        description = "Grant records and shared folders to an application, or take them back.",
        subcommands = {ShareCommand.Add.class, ShareCommand.Remove.class})
final class ShareCommand extends CommandGroup {

    /** {@code share add --app APP --secret UID|PATH… [--editable]}. */
    @Command(name = "add", description = "Grant records or shared folders to an application: each key is wrapped"
            + " with the application key (read-only unless --editable).")
    static final class Add extends SmCommand {
        @Option(names = "--app", required = true, paramLabel = "APP", description = "Application name or UID.")
        String app;

        @Option(names = "--secret", required = true, paramLabel = "UID|PATH",
                description = "A record or shared folder, by UID or path (repeatable).")
        List<String> secrets;

        @Option(names = "--editable", description = "The application's devices may change the records.")
        boolean editable;

        @Override
        protected int execute() {
            VaultClient client = client();
            Printer printer = printer();
            ArrayNode out = Printer.object().arrayNode();
            try (Vault vault = open(client); Apps apps = apps(client, vault.keyring())) {
                SecretsManagerApp found = apps.resolve(app);
                List<SecretTarget> targets = secrets.stream().map(s -> SecretTarget.resolve(vault, s)).toList();
                for (SecretTarget target : targets) {
                    client.secretsManager().addGrant(found, target.uid(), target.kind(), target.key(), editable);
                    out.addObject().put("appUid", found.uid()).put("subjectUid", target.uid())
                            .put("kind", target.kind().wire()).put("editable", editable);
                    if (!printer.json()) {
                        printer.line("Granted " + target.kind().wire() + " " + target.label() + " (" + target.uid()
                                + ") to application " + found.title() + (editable ? ", editable." : ", read-only."));
                    }
                }
            }
            if (printer.json()) {
                printer.json(out);
            }
            return 0;
        }
    }

    /** {@code share remove --app APP --secret UID|PATH…}. */
    @Command(name = "remove", description = "Take records or shared folders back from an application (effective on"
            + " its devices' next request).")
    static final class Remove extends SmCommand {
        @Option(names = "--app", required = true, paramLabel = "APP", description = "Application name or UID.")
        String app;

        @Option(names = "--secret", required = true, paramLabel = "UID|PATH",
                description = "A record or shared folder, by UID or path (repeatable); a UID no longer in your"
                        + " vault is accepted as is.")
        List<String> secrets;

        @Override
        protected int execute() {
            VaultClient client = client();
            Printer printer = printer();
            ArrayNode out = Printer.object().arrayNode();
            try (Vault vault = open(client); Apps apps = apps(client, vault.keyring())) {
                SecretsManagerApp found = apps.resolve(app);
                List<String> uids = new ArrayList<>();
                for (String secret : secrets) {
                    uids.add(SecretTarget.uidForRemoval(vault, secret));
                }
                for (String uid : uids) {
                    client.secretsManager().removeGrant(found.uid(), uid);
                    out.addObject().put("appUid", found.uid()).put("subjectUid", uid);
                    if (!printer.json()) {
                        printer.line("Removed " + uid + " from application " + found.title() + ".");
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
