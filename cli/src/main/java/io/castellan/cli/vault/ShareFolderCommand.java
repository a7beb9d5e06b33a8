package io.castellan.cli.vault;

import io.castellan.client.VaultClient;
import io.castellan.client.api.FolderPermissions;
import io.castellan.client.vault.Vault;
import io.castellan.client.vault.VaultFolder;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code castellan share-folder FOLDER -e EMAIL|TEAM ... [-t TEAM ...]}: adds members to a shared folder (the folder
 * key sealed to each user's public key, or to each team's public key) with their permissions, or removes them with
 * {@code --remove}. As in Keeper Commander, {@code -e} takes a team name too: a value without {@code @} is a team.
 */
@Command(name = "share-folder",
        description = "Add users or teams to a shared folder (or --remove them).")
public final class ShareFolderCommand extends VaultCommand {

    @Parameters(paramLabel = "FOLDER", description = "The shared folder's path or UID.")
    String folder;

    @Option(names = {"-e", "--email"}, paramLabel = "EMAIL|TEAM",
            description = "Member: a user's e-mail, or a team's name or UID (repeatable).")
    List<String> emails = new ArrayList<>();

    @Option(names = {"-t", "--team"}, paramLabel = "TEAM", description = "Team member, by name or UID (repeatable).")
    List<String> teams = new ArrayList<>();

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
        if (emails.isEmpty() && teams.isEmpty()) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "name at least one member with -e or -t");
        }
        List<String> teamNames = new ArrayList<>(teams);
        List<String> users = new ArrayList<>();
        emails.forEach(e -> (e.contains("@") ? users : teamNames).add(e));
        FolderPermissions permissions = new FolderPermissions(manageRecords, manageUsers, canEdit, canShare);
        VaultClient client = client();
        try (Vault vault = open(client)) {
            VaultFolder shared = vault.resolveFolder(folder).orElseThrow(() ->
                    new CastellanException(ErrorCode.BAD_REQUEST, "the root is not a shared folder"));
            String path = vault.pathOf(shared.uid());
            for (String email : users) {
                if (remove) {
                    client.sharing().removeFolderMember(shared, email);
                    printer().line("Removed " + email + " from " + path + ".");
                } else {
                    client.sharing().addFolderMember(shared, email, permissions);
                    printer().line("Added " + email + " to " + path + ".");
                }
            }
            for (String team : teamNames) {
                if (remove) {
                    client.sharing().removeFolderTeam(shared, team);
                    printer().line("Removed team " + team + " from " + path + ".");
                } else {
                    client.sharing().addFolderTeam(shared, team, permissions);
                    printer().line("Added team " + team + " to " + path + ".");
                }
            }
        }
        return 0;
    }
}
