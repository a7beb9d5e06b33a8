package io.castellan.cli.vault;

import io.castellan.cli.support.Printer;
import io.castellan.client.vault.Vault;
import io.castellan.client.vault.VaultRecord;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code castellan get UID|PATH [--unmask]}: shows a record; secret values masked unless {@code --unmask}. */
@Command(name = "get",
        description = "Show a record. Passwords and other secrets are shown as ******** unless --unmask is given.")
public final class GetCommand extends VaultCommand {

    @Parameters(paramLabel = "UID|PATH", description = "The record.")
    String target;

    @Option(names = "--unmask", description = "Show secret values in clear.")
    boolean unmask;

    @Override
    protected int execute() {
        try (Vault vault = open(client())) {
            VaultRecord record = vault.resolveRecord(target);
            RecordView view = new RecordView(types(), unmask);
            String folder = vault.pathOf(vault.folderOf(record));
            Printer printer = printer();
            if (printer.json()) {
                printer.json(view.json(record, folder));
            } else {
                printer.table(List.of("Field", "Value"), view.rows(record, folder));
            }
        }
        return 0;
    }
}
