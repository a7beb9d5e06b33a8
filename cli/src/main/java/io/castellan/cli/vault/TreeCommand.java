package io.castellan.cli.vault;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.cli.support.Printer;
import io.castellan.client.vault.Vault;
import io.castellan.client.vault.VaultFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code castellan tree [PATH]}: the folder tree with its records, indented. */
@Command(name = "tree", description = "Show the folder tree.")
public final class TreeCommand extends VaultCommand {

    @Parameters(paramLabel = "PATH", arity = "0..1", description = "Start folder (default: the root).")
    String path;

    @Option(names = {"-f", "--folders-only"}, description = "Leave records out.")
    boolean foldersOnly;

    @Override
    protected int execute() {
        try (Vault vault = open(client())) {
            String start = vault.resolveFolder(path == null ? "/" : path).map(VaultFolder::uid).orElse(null);
            Printer printer = printer();
            if (printer.json()) {
                printer.json(json(vault, start));
            } else {
                printer.line(vault.pathOf(start));
                print(vault, start, "  ", printer);
            }
        }
        return 0;
    }

    private void print(Vault vault, String folderUid, String indent, Printer printer) {
        for (VaultFolder f : vault.childFolders(folderUid)) {
            printer.line(indent + f.name() + "/" + (f.isShared() ? " (shared)" : ""));
            print(vault, f.uid(), indent + "  ", printer);
        }
        if (!foldersOnly) {
            vault.recordsIn(folderUid).forEach(r -> printer.line(indent + r.title() + " [" + r.type() + "]"));
        }
    }

    private ObjectNode json(Vault vault, String folderUid) {
        ObjectNode node = Printer.object().put("path", vault.pathOf(folderUid));
        vault.folder(folderUid).ifPresent(f -> node.put("uid", f.uid()).put("name", f.name())
                .put("folderKind", f.kind().wire()));
        var folders = node.putArray("folders");
        vault.childFolders(folderUid).forEach(f -> folders.add(json(vault, f.uid())));
        if (!foldersOnly) {
            var records = node.putArray("records");
            vault.recordsIn(folderUid).forEach(r -> records.addObject().put("uid", r.uid()).put("title", r.title())
                    .put("type", r.type()));
        }
        return node;
    }
}
