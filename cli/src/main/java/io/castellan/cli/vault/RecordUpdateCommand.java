package io.castellan.cli.vault;

import io.castellan.cli.support.Printer;
import io.castellan.client.VaultClient;
import io.castellan.client.vault.RecordLink;
import io.castellan.client.vault.Vault;
import io.castellan.client.vault.VaultRecord;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.record.RecordData;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code castellan record-update UID|PATH [FIELD=VALUE ...]}: changes fields, title or notes and saves with the
 * revision read, so a concurrent change is refused instead of overwritten.
 */
@Command(name = "record-update",
        description = {"Change a record's fields, title or notes.", "",
            "FIELD=VALUE as in record-add; an empty VALUE clears the field. Fails if the record changed",
            "since it was read."})
public final class RecordUpdateCommand extends VaultCommand {

    @Parameters(index = "0", paramLabel = "UID|PATH", description = "The record.")
    String target;

    @Parameters(index = "1..*", paramLabel = "FIELD=VALUE", arity = "0..*", description = "Field values.")
    List<String> fields = new ArrayList<>();

    @Option(names = {"-t", "--title"}, paramLabel = "TITLE", description = "New title.")
    String title;

    @Option(names = {"-n", "--notes"}, paramLabel = "TEXT", description = "New notes ('' removes them).")
    String notes;

    @Option(names = "--link", paramLabel = "UID|PATH", description = "Add a link to a pamUser (repeatable).")
    List<String> links = new ArrayList<>();

    @Override
    protected int execute() {
        if (fields.isEmpty() && title == null && notes == null && links.isEmpty()) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "nothing to change: give FIELD=VALUE, --title,"
                    + " --notes or --link");
        }
        VaultClient client = client();
        Printer printer = printer();
        try (Vault vault = open(client)) {
            VaultRecord record = vault.resolveRecord(target);
            RecordData data = record.data();
            RecordEditor editor = new RecordEditor(types());
            editor.apply(data, fields);
            if (title != null) {
                data.setTitle(title);
            }
            if (notes != null) {
                data.setNotes(notes.isEmpty() ? null : notes);
            }
            editor.validate(data).forEach(printer::warn);
            List<RecordLink> newLinks = null;
            if (!links.isEmpty()) {
                newLinks = new ArrayList<>(record.links());
                newLinks.addAll(Links.resolve(vault, links, printer));
            }
            long revision = client.records().update(record, data, newLinks);
            if (printer.json()) {
                printer.json(Printer.object().put("uid", record.uid()).put("revision", revision));
            } else {
                printer.line("Updated " + record.uid() + " (revision " + revision + ").");
            }
        }
        return 0;
    }
}
