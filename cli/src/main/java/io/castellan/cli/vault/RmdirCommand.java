package io.castellan.cli.vault;

import io.castellan.client.VaultClient;
import io.castellan.client.vault.FolderKind;
import io.castellan.client.vault.Vault;
import io.castellan.client.vault.VaultFolder;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code castellan rmdir [--delete-contents] FOLDER}: deletes an empty folder; a folder inside a shared folder may be
 * deleted with its folders and records ({@code --delete-contents}).
 */
@Command(name = "rmdir", description = "Delete an empty folder.")
public final class RmdirCommand extends VaultCommand {

    @Parameters(paramLabel = "FOLDER", description = "Folder path or UID.")
    String folder;

    @Option(names = "--delete-contents", description = "For a folder inside a shared folder: delete the folders"
            + " and records in it too.")
    boolean deleteContents;

    @Override
    protected int execute() {
        VaultClient client = client();
        try (Vault vault = open(client)) {
            VaultFolder target = vault.resolveFolder(folder).orElseThrow(() ->
                    new CastellanException(ErrorCode.BAD_REQUEST, "the root folder cannot be deleted"));
            if (deleteContents && target.kind() != FolderKind.SHARED_FOLDER_FOLDER) {
                throw new CastellanException(ErrorCode.BAD_REQUEST, "--delete-contents applies only to folders"
                        + " inside a shared folder; empty " + vault.pathOf(target.uid()) + " first");
            }
            try {
                client.folders().delete(target.uid(), deleteContents);
            } catch (CastellanException e) {
                if (e.code() == ErrorCode.CONFLICT && !deleteContents
                        && target.kind() == FolderKind.SHARED_FOLDER_FOLDER) {
                    throw new CastellanException(ErrorCode.CONFLICT, vault.pathOf(target.uid()) + " is not empty:"
                            + " move or delete its records and folders first, or add --delete-contents", e.details(),
                            e);
                }
                throw e;
            }
            printer().line("Deleted folder " + vault.pathOf(target.uid()) + ".");
        }
        return 0;
    }
}
