package io.castellan.sdk.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A configuration file in Keeper's JSON layout (what {@code ksm-config.json} and {@code gateway-config.json} hold),
 * written only when the caller asks for this storage.
 *
 * <p>Writes are atomic and private: the JSON goes to a temporary file in the same directory, created with mode 0600
 * on POSIX file systems, is forced to disk, and then replaces the target in one rename, so a crash leaves either the
 * old or the new configuration and never a torn or world-readable one. A file found with wider permissions is
 * still read, with a warning that names the file but never its content.
 */
public final class FileConfigStorage implements ConfigStorage {

    private static final Logger LOG = LoggerFactory.getLogger(FileConfigStorage.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path file;

    private FileConfigStorage(Path file) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
    }

    /** @param file the configuration file; it need not exist yet */
    public static FileConfigStorage at(Path file) {
        return new FileConfigStorage(file);
    }

    /** @return the file */
    public Path file() {
        return file;
    }

    @Override
    public synchronized Optional<ClientConfig> load() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new InvalidClientConfigException("cannot read the configuration file " + file);
        }
        warnIfReadableByOthers();
        return Optional.of(ClientConfigCodec.parse(text));
    }

    @Override
    public synchronized void save(ClientConfig config) {
        byte[] json = ClientConfigCodec.toJson(config).getBytes(StandardCharsets.UTF_8);
        try {
            writePrivately(file, json);
        } finally {
            Arrays.fill(json, (byte) 0);
        }
    }

    /** Writes {@code bytes} to {@code file} through a 0600 temporary file, forced to disk, then renamed over it. */
    static void writePrivately(Path file, byte[] bytes) {
        Path dir = file.getParent();
        Path temp = null;
        try {
            Files.createDirectories(dir);
            temp = posix()
                    ? Files.createTempFile(dir, ".castellan-config-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                    : Files.createTempFile(dir, ".castellan-config-", ".tmp");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            move(temp, file);
            temp = null;
        } catch (IOException e) {
            throw new InvalidClientConfigException("cannot write the configuration file " + file);
        } finally {
            deleteQuietly(temp);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void warnIfReadableByOthers() {
        if (!posix()) {
            return;
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (!OWNER_ONLY.containsAll(perms)) {
                LOG.warn("the configuration file {} is accessible to other users ({}); it holds the device's keys, "
                        + "restrict it to mode 0600", file, PosixFilePermissions.toString(perms));
            }
        } catch (IOException e) {
            LOG.debug("cannot read the permissions of {}", file);
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static void deleteQuietly(Path temp) {
        if (temp != null) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // best effort: a leftover temp file holds the same content mode 0600
            }
        }
    }

    @Override
    public String toString() {
        return "FileConfigStorage[" + file + "]";
    }
}
