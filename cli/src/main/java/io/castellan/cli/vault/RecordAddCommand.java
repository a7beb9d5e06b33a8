package io.castellan.cli.vault;

import io.castellan.cli.support.Printer;
import io.castellan.client.VaultClient;
import io.castellan.client.api.SavedRecord;
import io.castellan.client.vault.Vault;
import io.castellan.client.vault.VaultFolder;
import io.castellan.model.record.RecordData;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code castellan record-add --record-type TYPE --title T [FIELD=VALUE ...]}: builds a record of a known type,
 * validates it, encrypts it under a fresh record key and adds it. Prints the new record's UID.
 */
@Command(name = "record-add",
        description = {"Add a record.", "",
            "FIELD is a field type (login=admin), TYPE.LABEL (text.operatingSystem=Linux) or c.LABEL for a",
            "custom field (c.Owner=ops). Values: HOST[:PORT] for hosts, true/false, YYYY-MM-DD for dates,",
            "'$JSON:{...}' for any structure, $GEN for a generated password."},
        footer = {"", "Example: castellan record-add -rt pamMachine -t db01 pamHostname=10.0.0.5:22 login=root "
            + "--link Credentials/root"})
public final class RecordAddCommand extends VaultCommand {

    @Option(names = {"-rt", "--record-type"}, required = true, paramLabel = "TYPE",
            description = "Record type, e.g. login, pamMachine, pamDatabase, pamUser.")
    String recordType;

    @Option(names = {"-t", "--title"}, required = true, paramLabel = "TITLE", description = "Record title.")
    String title;

    @Option(names = "--folder", paramLabel = "PATH", description = "Folder to add it to (default: the root).")
    String folder;

    @Option(names = {"-n", "--notes"}, paramLabel = "TEXT", description = "Notes.")
    String notes;

    @Option(names = "--link", paramLabel = "UID|PATH", description = "Link a pamUser credential (repeatable).")
    List<String> links = new ArrayList<>();

    @Parameters(paramLabel = "FIELD=VALUE", arity = "0..*", description = "Field values.")
    List<String> fields = new ArrayList<>();

    @Override
    protected int execute() {
        RecordEditor editor = new RecordEditor(types());
        RecordData record = editor.create(recordType, title);
        editor.apply(record, fields);
        if (notes != null) {
            record.setNotes(notes);
        }
        Printer printer = printer();
        editor.validate(record).forEach(printer::warn);
        VaultClient client = client();
        try (Vault vault = open(client)) {
            VaultFolder target = folder == null ? null : vault.resolveFolder(folder).orElse(null);
            SavedRecord saved = client.records().add(vault, record, target, Links.resolve(vault, links, printer));
            if (printer.json()) {
                printer.json(Printer.object().put("uid", saved.uid()).put("revision", saved.revision())
                        .put("folder", vault.pathOf(target == null ? null : target.uid())));
            } else {
                printer.line(saved.uid());
            }
        }
        return 0;
    }
}
