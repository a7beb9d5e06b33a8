package io.castellan.cli.vault;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.castellan.cli.support.Printer;
import io.castellan.client.VaultClient;
import io.castellan.client.api.RecordRevision;
import io.castellan.client.vault.Vault;
import io.castellan.client.vault.VaultRecord;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code castellan record-history UID|PATH [--revision N [--unmask]]}: lists a record's older revisions, or shows one
 * of them (masked like {@code get}).
 */
@Command(name = "record-history",
        description = "List a record's earlier revisions, or show one with --revision.")
public final class RecordHistoryCommand extends VaultCommand {

    @Parameters(paramLabel = "UID|PATH", description = "The record.")
    String target;

    @Option(names = "--revision", paramLabel = "N", description = "Show this revision's fields.")
    Long revision;

    @Option(names = "--unmask", description = "With --revision: show secret values in clear.")
    boolean unmask;

    @Override
    protected int execute() {
        VaultClient client = client();
        Printer printer = printer();
        try (Vault vault = open(client)) {
            VaultRecord record = vault.resolveRecord(target);
            List<RecordRevision> history = client.records().history(record);
            RecordView view = new RecordView(types(), unmask);
            if (revision != null) {
                RecordRevision one = history.stream().filter(r -> r.revision() == revision).findFirst()
                        .orElseThrow(() -> new CastellanException(ErrorCode.NOT_FOUND, "record " + record.uid()
                                + " has no earlier revision " + revision));
                if (printer.json()) {
                    printer.json(Printer.object().put("uid", record.uid()).put("revision", one.revision())
                            .put("title", one.data().title()).<com.fasterxml.jackson.databind.node.ObjectNode>set(
                                    "fields", view.fieldsJson(one.data().fields())));
                } else {
                    List<List<String>> rows = new ArrayList<>(List.of(List.of("Revision", "" + one.revision()),
                            List.of("Title", one.data().title())));
                    rows.addAll(view.fieldRows(one.data()));
                    printer.table(List.of("Field", "Value"), rows);
                }
                return 0;
            }
            if (printer.json()) {
                ArrayNode out = Printer.object().arrayNode();
                out.addObject().put("revision", record.revision()).put("current", true).put("title", record.title());
                history.forEach(r -> out.addObject().put("revision", r.revision()).put("current", false)
                        .put("title", r.data().title())
                        .put("modifiedAt", r.modifiedAt() == null ? null : r.modifiedAt().toString()));
                printer.json(out);
            } else {
                List<List<String>> rows = new ArrayList<>();
                rows.add(List.of(Long.toString(record.revision()), "(current)", record.title()));
                history.forEach(r -> rows.add(List.of(Long.toString(r.revision()),
                        r.modifiedAt() == null ? "" : r.modifiedAt().toString(), r.data().title())));
                printer.table(List.of("Revision", "Modified", "Title"), rows);
            }
        }
        return 0;
    }
}
