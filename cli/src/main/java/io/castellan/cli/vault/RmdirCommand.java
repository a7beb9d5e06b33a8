package io.castellan.cli.vault;

import io.castellan.client.VaultClient;
import io.castellan.client.vault.Vault;
import io.castellan.client.vault.VaultFolder;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code castellan rmdir FOLDER}: deletes an empty folder. */
@Command(name = "rmdir", description = "Delete an empty folder.")
public final class RmdirCommand extends VaultCommand {

    @Parameters(paramLabel = "FOLDER", description = "Folder path or UID.")
    String folder;

    @Override
    protected int execute() {
        VaultClient client = client();
        try (Vault vault = open(client)) {
            VaultFolder target = vault.resolveFolder(folder).orElseThrow(() ->
                    new CastellanException(ErrorCode.BAD_REQUEST, "the root folder cannot be deleted"));
            client.folders().delete(target.uid());
            printer().line("Deleted folder " + vault.pathOf(target.uid()) + ".");
        }
        return 0;
    }
}
