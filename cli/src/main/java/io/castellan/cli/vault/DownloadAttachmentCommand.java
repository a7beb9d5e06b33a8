package io.castellan.cli.vault;

import io.castellan.client.VaultClient;
import io.castellan.client.api.DownloadedFile;
import io.castellan.client.vault.Vault;
import io.castellan.client.vault.VaultAttachment;
import io.castellan.client.vault.VaultRecord;
import io.castellan.crypto.Wipe;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code castellan download-attachment UID|PATH [--name N] [--out DIR]}: decrypts a record's attachments (all, or the
 * one named) into a directory. Files are created new with mode 0600 (attachments are often keys); an existing file
 * is never overwritten, and a stored name is reduced to its last path element so it cannot escape the directory.
 */
@Command(name = "download-attachment",
        description = "Save a record's attachments (all, or --name N) into a directory.")
public final class DownloadAttachmentCommand extends VaultCommand {

    @Parameters(paramLabel = "UID|PATH", description = "The record.")
    String target;

    @Option(names = "--name", paramLabel = "NAME", description = "Only the attachment with this file name or UID.")
    String name;

    @Option(names = "--out", paramLabel = "DIR", description = "Directory to write to (default: the current one).")
    Path out = Path.of(".");

    @Override
    protected int execute() throws IOException {
        VaultClient client = client();
        try (Vault vault = open(client)) {
            VaultRecord record = vault.resolveRecord(target);
            List<VaultAttachment> chosen = record.attachments().stream()
                    .filter(a -> name == null || name.equals(a.meta().name()) || name.equals(a.uid())).toList();
            if (chosen.isEmpty()) {
                throw new CastellanException(ErrorCode.NOT_FOUND, "record " + record.uid() + " has no attachment"
                        + (name == null ? "" : " named " + name));
            }
            for (VaultAttachment attachment : chosen) {
                DownloadedFile file = client.attachments().download(record, attachment.uid());
                try {
                    Path written = write(safeName(file.meta().name()), file.bytes());
                    printer().line("Saved " + written + " (" + file.bytes().length + " bytes).");
                } finally {
                    Wipe.wipe(file.bytes());
                }
            }
        }
        return 0;
    }

    private Path write(String fileName, byte[] bytes) throws IOException {
        Path path = out.resolve(fileName);
        FileAttribute<?>[] attributes = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                        "rw-------"))} : new FileAttribute<?>[0];
        try {
            Files.createFile(path, attributes);
        } catch (FileAlreadyExistsException e) {
            throw new CastellanException(ErrorCode.CONFLICT, path + " already exists; remove it or use --out DIR");
        }
        try (OutputStream stream = Files.newOutputStream(path, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            stream.write(bytes);
        }
        return path;
    }

    /** The last element of a stored file name, never empty, {@code .} or {@code ..}. */
    static String safeName(String stored) {
        String base = stored.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1).strip();
        StringBuilder clean = new StringBuilder();
        base.codePoints().filter(c -> !Character.isISOControl(c)).forEach(clean::appendCodePoint);
        String result = clean.toString();
        return result.isEmpty() || result.equals(".") || result.equals("..") ? "attachment.bin" : result;
    }
}
