package io.castellan.cli.vault;

import io.castellan.client.VaultClient;
import io.castellan.client.vault.Vault;
import io.castellan.client.vault.VaultRecord;
import io.castellan.crypto.Wipe;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code castellan upload-attachment UID|PATH --file F}: encrypts a file under a fresh file key and attaches it to a
 * record. The server's size limit applies ({@code payload_too_large} beyond it).
 */
@Command(name = "upload-attachment", description = "Attach a file to a record.")
public final class UploadAttachmentCommand extends VaultCommand {

    /** Largest file read into memory for one upload. */
    static final long MAX_BYTES = 256L << 20;

    @Parameters(paramLabel = "UID|PATH", description = "The record.")
    String target;

    @Option(names = "--file", required = true, paramLabel = "FILE", description = "The file to attach.")
    Path file;

    @Override
    protected int execute() throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "no such file: " + file);
        }
        if (Files.size(file) > MAX_BYTES) {
            throw new CastellanException(ErrorCode.PAYLOAD_TOO_LARGE, file + " is larger than "
                    + (MAX_BYTES >> 20) + " MiB");
        }
        String type = Files.probeContentType(file);
        VaultClient client = client();
        byte[] bytes = Files.readAllBytes(file);
        try (Vault vault = open(client)) {
            VaultRecord record = vault.resolveRecord(target);
            String uid = client.attachments().upload(record, file.getFileName().toString(),
                    type == null ? "application/octet-stream" : type, bytes);
            printer().line(uid);
        } finally {
            Wipe.wipe(bytes);
        }
        return 0;
    }
}
