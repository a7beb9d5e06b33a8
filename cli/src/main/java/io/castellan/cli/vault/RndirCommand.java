package io.castellan.cli.vault;

import io.castellan.client.VaultClient;
import io.castellan.client.vault.Vault;
import io.castellan.client.vault.VaultFolder;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code castellan rndir FOLDER NAME}: renames a folder inside a shared folder. */
@Command(name = "rndir", description = "Rename a folder inside a shared folder.")
public final class RndirCommand extends VaultCommand {

    @Parameters(index = "0", paramLabel = "FOLDER", description = "Folder path or UID.")
    String folder;

    @Parameters(index = "1", paramLabel = "NAME", description = "The new name (no '/').")
    String name;

    @Override
    protected int execute() {
        VaultClient client = client();
        try (Vault vault = open(client)) {
            VaultFolder target = vault.resolveFolder(folder).orElseThrow(() ->
                    new CastellanException(ErrorCode.BAD_REQUEST, "the root folder cannot be renamed"));
            String before = vault.pathOf(target.uid());
            client.folders().rename(vault, target, name);
            printer().line("Renamed folder " + before + " to " + name + ".");
        }
        return 0;
    }
}
