package io.castellan.server.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Creates owner-only directories (0700) and files (0600) for key material.
 *
 * <p>Files are written to a temporary sibling that is created with 0600 from the start (never world-readable, not
 * even for a moment) and then atomically renamed, so a crash never leaves a half-written key behind. On file systems
 * without POSIX permissions the modes are skipped.
 */
public final class SecureFiles {

    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> PUBLIC_FILE_MODE = PosixFilePermissions.fromString("rw-r--r--");

    private SecureFiles() {
    }

    /** Creates {@code dir} (and parents) if missing; a directory this method creates gets mode 0700. */
    public static Path ensurePrivateDirectory(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                Path parent = dir.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                try {
                    FileAttribute<?>[] attrs = posix()
                            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(DIR_MODE)}
                            : new FileAttribute<?>[0];
                    Files.createDirectory(dir, attrs);
                } catch (FileAlreadyExistsException raced) {
                    // another thread or process created it first: fine
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code content} to {@code file} with mode 0600, replacing it atomically. */
    public static void writePrivate(Path file, byte[] content) {
        write(file, content, FILE_MODE);
    }

    /** Writes a non-secret file (mode 0644), also atomically. */
    public static void writePublic(Path file, byte[] content) {
        write(file, content, PUBLIC_FILE_MODE);
    }

    private static void write(Path file, byte[] content, Set<PosixFilePermission> mode) {
        Path dir = file.toAbsolutePath().getParent();
        boolean posix = posix();
        try {
            // Created 0600 from the first byte; widened only afterwards, and only for public files.
            Path tmp = posix
                    ? Files.createTempFile(dir, ".tmp-", ".part", PosixFilePermissions.asFileAttribute(FILE_MODE))
                    : Files.createTempFile(dir, ".tmp-", ".part");
            try {
                Files.write(tmp, content);
                if (posix && !mode.equals(FILE_MODE)) {
                    Files.setPosixFilePermissions(tmp, mode);
                }
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean posix() {
        return java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
