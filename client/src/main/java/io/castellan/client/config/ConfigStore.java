package io.castellan.client.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.json.Json;
import io.castellan.model.json.JsonLimits;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Reads and writes {@link CliConfig}. Writes are atomic (a temporary file in the same directory, flushed to disk,
 * then moved over the old file), so a crash never leaves half a config; the file is created {@code 0600} and a
 * missing directory {@code 0700}, from the first byte on (permissions are set at creation, not afterwards).
 * Unknown properties are ignored on read so a newer CLI's file still loads.
 */
public final class ConfigStore {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final ObjectMapper MAPPER = Json.strictBuilder(new JsonLimits(1 << 20, 16))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private final Path file;

    /** @param file the config file */
    public ConfigStore(Path file) {
        this.file = file.toAbsolutePath();
    }

    /** @return {@code ~/.castellan/config.json} */
    public static Path defaultPath() {
        return Path.of(System.getProperty("user.home"), ".castellan", "config.json");
    }

    /** @return the file */
    public Path file() {
        return file;
    }

    /**
     * @return the stored config, or {@link CliConfig#EMPTY} when there is no file
     * @throws CastellanException ({@link ErrorCode#BAD_REQUEST}) when the file cannot be read or is not valid
     */
    public CliConfig load() {
        try {
            CliConfig config = MAPPER.readValue(Files.readAllBytes(file), CliConfig.class);
            return config == null ? CliConfig.EMPTY : config;
        } catch (NoSuchFileException e) {
            return CliConfig.EMPTY;
        } catch (IOException e) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "the config file " + file
                    + " cannot be read or is not valid; fix or delete it");
        }
    }

    /**
     * @param config the config to write
     * @throws CastellanException ({@link ErrorCode#INTERNAL}) when it cannot be written
     */
    public void save(CliConfig config) {
        Path dir = file.getParent();
        Path temp = null;
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, attributes("rwx------"));
            }
            temp = Files.createTempFile(dir, ".config-", ".tmp", attributes("rw-------"));
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(MAPPER.writeValueAsBytes(config)));
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
        } catch (IOException e) {
            throw new CastellanException(ErrorCode.INTERNAL, "cannot write the config file " + file);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // best effort: the temporary file holds the same data the user asked to store
                }
            }
        }
    }

    private static FileAttribute<?>[] attributes(String permissions) {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString(permissions))} : new FileAttribute<?>[0];
    }
}
