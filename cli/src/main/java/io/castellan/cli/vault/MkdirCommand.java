package io.castellan.cli.vault;

import io.castellan.cli.support.Printer;
import io.castellan.client.VaultClient;
import io.castellan.client.vault.FolderKind;
import io.castellan.client.vault.Vault;
import io.castellan.client.vault.VaultFolder;
import io.castellan.client.vault.VaultPaths;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code castellan mkdir -uf|-sf PATH}: creates a user folder or a shared folder; the parent must exist. Inside a
 * shared folder {@code -uf} (the default) makes a folder of that shared folder, which all its members see.
 */
@Command(name = "mkdir",
        description = "Create a folder. PATH uses '/' for nesting; the parent folders must exist.")
public final class MkdirCommand extends VaultCommand {

    @Option(names = {"-uf", "--user-folder"}, description = "A private user folder (the default); inside a shared"
            + " folder, a folder of that shared folder.")
    boolean userFolder;

    @Option(names = {"-sf", "--shared-folder"}, description = "A shared folder (members are added with share-folder).")
    boolean sharedFolder;

    @Parameters(paramLabel = "PATH", description = "The new folder, e.g. Servers/Prod.")
    String path;

    @Override
    protected int execute() {
        if (userFolder && sharedFolder) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "choose either -uf or -sf, not both");
        }
        List<String> segments = VaultPaths.split(path);
        if (segments.isEmpty()) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "give the new folder's path, e.g. Servers/Prod");
        }
        FolderKind kind = sharedFolder ? FolderKind.SHARED : FolderKind.USER;
        VaultClient client = client();
        String name = segments.get(segments.size() - 1);
        try (Vault vault = open(client)) {
            VaultFolder parent = vault.resolveFolder(VaultPaths.join(segments.subList(0, segments.size() - 1)))
                    .orElse(null);
            String uid = client.folders().add(vault, name, kind, parent);
            String full = VaultPaths.join(segments);
            Printer printer = printer();
            if (printer.json()) {
                printer.json(Printer.object().put("uid", uid).put("path", full).put("kind", kind.wire()));
            } else {
                printer.line(uid);
            }
        }
        return 0;
    }
}
