package io.castellan.cli.vault;

import io.castellan.client.VaultClient;
import io.castellan.client.api.FolderPermissions;
import io.castellan.client.vault.Vault;
import io.castellan.client.vault.VaultFolder;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code castellan share-folder FOLDER -e EMAIL ...}: adds members to a shared folder (the folder key sealed to each
 * member's public key) with their permissions, or removes them with {@code --remove}.
 */
@Command(name = "share-folder",
        description = "Add users to a shared folder (or --remove them).")
public final class ShareFolderCommand extends VaultCommand {

    @Parameters(paramLabel = "FOLDER", description = "The shared folder's path or UID.")
    String folder;

    @Option(names = {"-e", "--email"}, required = true, paramLabel = "EMAIL", description = "Member (repeatable).")
    List<String> emails;

    @Option(names = "--manage-records", description = "May add and remove records.")
    boolean manageRecords;

    @Option(names = "--manage-users", description = "May add and remove members.")
    boolean manageUsers;

    @Option(names = "--can-edit", description = "May edit records.")
    boolean canEdit;

    @Option(names = "--can-share", description = "May share records on.")
    boolean canShare;

    @Option(names = "--remove", description = "Remove the members instead.")
    boolean remove;

    @Override
    protected int execute() {
        if (remove && (manageRecords || manageUsers || canEdit || canShare)) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "--remove takes no permission options");
        }
        VaultClient client = client();
        try (Vault vault = open(client)) {
            VaultFolder shared = vault.resolveFolder(folder).orElseThrow(() ->
                    new CastellanException(ErrorCode.BAD_REQUEST, "the root is not a shared folder"));
            for (String email : emails) {
                if (remove) {
                    client.sharing().removeFolderMember(shared, email);
                    printer().line("Removed " + email + " from " + vault.pathOf(shared.uid()) + ".");
                } else {
                    client.sharing().addFolderMember(shared, email,
                            new FolderPermissions(manageRecords, manageUsers, canEdit, canShare));
                    printer().line("Added " + email + " to " + vault.pathOf(shared.uid()) + ".");
                }
            }
        }
        return 0;
    }
}
