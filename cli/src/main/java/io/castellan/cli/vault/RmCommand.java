package io.castellan.cli.vault;

import io.castellan.cli.support.Printer;
import io.castellan.client.VaultClient;
import io.castellan.client.vault.Vault;
import io.castellan.client.vault.VaultRecord;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code castellan rm UID|PATH ...}: deletes records (all are resolved before anything is deleted). */
@Command(name = "rm", description = "Delete records.")
public final class RmCommand extends VaultCommand {

    @Parameters(paramLabel = "UID|PATH", arity = "1..*", description = "The records.")
    List<String> targets;

    @Override
    protected int execute() {
        VaultClient client = client();
        try (Vault vault = open(client)) {
            List<String> uids = targets.stream().map(vault::resolveRecord).map(VaultRecord::uid).distinct().toList();
            client.records().delete(uids);
            Printer printer = printer();
            if (printer.json()) {
                var out = Printer.object();
                uids.forEach(out.putArray("deleted")::add);
                printer.json(out);
            } else {
                printer.line("Deleted " + uids.size() + (uids.size() == 1 ? " record." : " records."));
            }
        }
        return 0;
    }
}
