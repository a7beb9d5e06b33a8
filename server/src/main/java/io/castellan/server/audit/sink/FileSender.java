package io.castellan.server.audit.sink;

import io.castellan.server.audit.AuditJson;
import io.castellan.store.AuditEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A local file of JSON lines (one {@code audit export} event object per line), appended and flushed to disk
 * ({@code fsync}) per batch before the batch counts as accepted. A new file is created with mode 0600.
 */
final class FileSender implements EventSender {

    private final Path path;

    FileSender(Path path) {
        this.path = path;
    }

    @Override
    public void send(List<AuditEvent> batch) throws IOException {
        StringBuilder lines = new StringBuilder();
        batch.forEach(e -> lines.append(AuditJson.event(e).toString()).append('\n'));
        if (!Files.exists(path)) {
            try {
                Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                        "rw-------")));
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // another writer created it meanwhile: append to it
            }
        }
        try (FileChannel out = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(true);
        }
    }
}
