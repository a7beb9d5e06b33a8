package io.castellan.cli.vault;

import io.castellan.client.VaultClient;
import io.castellan.client.vault.Vault;
import io.castellan.client.vault.VaultFolder;
import io.castellan.client.vault.VaultRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code castellan mv UID|PATH FOLDER}: moves a record; its key is re-wrapped for the target (the shared folder's key
 * inside a shared folder, the user's data key elsewhere).
 */
@Command(name = "mv", description = "Move a record to another folder ('/' is the root).")
public final class MvCommand extends VaultCommand {

    @Parameters(index = "0", paramLabel = "UID|PATH", description = "The record.")
    String target;

    @Parameters(index = "1", paramLabel = "FOLDER", description = "Destination folder path or UID.")
    String folder;

    @Override
    protected int execute() {
        VaultClient client = client();
        try (Vault vault = open(client)) {
            VaultRecord record = vault.resolveRecord(target);
            VaultFolder destination = vault.resolveFolder(folder).orElse(null);
            client.records().move(vault, record, destination);
            printer().line("Moved " + record.uid() + " to " + vault.pathOf(destination == null ? null
                    : destination.uid()) + ".");
        }
        return 0;
    }
}
