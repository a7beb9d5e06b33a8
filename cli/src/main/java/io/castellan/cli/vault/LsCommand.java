package io.castellan.cli.vault;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.castellan.cli.support.Printer;
import io.castellan.client.vault.Vault;
import io.castellan.client.vault.VaultFolder;
import io.castellan.client.vault.VaultRecord;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code castellan ls [-l] [PATH]}: the folders and records in a folder (the root by default). */
@Command(name = "ls", description = "List a folder's sub-folders and records.")
public final class LsCommand extends VaultCommand {

    @Option(names = "-l", description = "Long listing: kind, UID and name.")
    boolean longListing;

    @Parameters(paramLabel = "PATH", arity = "0..1", description = "Folder path or UID (default: the root).")
    String path;

    @Override
    protected int execute() {
        try (Vault vault = open(client())) {
            String folderUid = vault.resolveFolder(path == null ? "/" : path).map(VaultFolder::uid).orElse(null);
            List<VaultFolder> folders = vault.childFolders(folderUid);
            List<VaultRecord> records = vault.recordsIn(folderUid);
            Printer printer = printer();
            if (printer.json()) {
                ArrayNode out = Printer.object().arrayNode();
                folders.forEach(f -> out.addObject().put("kind", "folder").put("uid", f.uid()).put("name", f.name())
                        .put("folderKind", f.kind().wire()));
                records.forEach(r -> out.addObject().put("kind", "record").put("uid", r.uid())
                        .put("name", r.title()).put("type", r.type()));
                printer.json(out);
            } else if (longListing) {
                List<List<String>> rows = new ArrayList<>();
                folders.forEach(f -> rows.add(List.of(f.isShared() ? "shared folder" : "folder", f.uid(),
                        f.name() + "/")));
                records.forEach(r -> rows.add(List.of(r.type(), r.uid(), r.title())));
                printer.table(List.of("Type", "UID", "Name"), rows);
            } else {
                folders.forEach(f -> printer.line(f.name() + "/"));
                records.forEach(r -> printer.line(r.title()));
            }
        }
        return 0;
    }
}
