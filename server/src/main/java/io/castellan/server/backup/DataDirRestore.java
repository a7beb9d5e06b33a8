package io.castellan.server.backup;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.server.DataDirLock;
import io.castellan.server.StartupException;
import io.castellan.server.files.SecureFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipInputStream;

/**
 * Restores a backup archive into a data directory. It refuses a directory a server is running on (it holds the
 * data-directory lock itself for the whole restore, so no server can start meanwhile) and a directory that already
 * holds a store or keys unless {@code force}. The archive is unpacked and checked completely (every path allowed,
 * every size and SHA-256 as the manifest says) in a private staging folder first; only then is anything replaced.
 */
public final class DataDirRestore {

    /** What a stopped server leaves behind and a restore may ignore. */
    private static final String LOCK_FILE = "server.lock";
    private static final List<String> SQLITE_FILES = List.of(BackupArchive.DATABASE, "castellan.db-wal",
            "castellan.db-shm");

    private DataDirRestore() {
    }

    /** Restores {@code archive} into {@code dataDir}; returns the archive's manifest. */
    public static BackupManifest restore(Path archive, Path dataDir, boolean force) {
        Path dir = dataDir.toAbsolutePath().normalize();
        if (!Files.isRegularFile(archive)) {
            throw new CastellanException(ErrorCode.NOT_FOUND, "--from " + archive + " is not a file");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new CastellanException(ErrorCode.VALIDATION_FAILED, "--data-dir " + dir + " is not a directory");
        }
        List<String> present = present(dir);
        if (!present.isEmpty() && !force) {
            throw new CastellanException(ErrorCode.CONFLICT, "--data-dir " + dir + " is not empty (" + String.join(", ",
                    present) + "); restore into an empty directory, or pass --force to replace its store and keys");
        }
        DataDirLock lock;
        try {
            lock = DataDirLock.acquire(dir);
        } catch (StartupException e) {
            throw new CastellanException(ErrorCode.CONFLICT, e.getMessage() + "; stop that server before restoring");
        }
        Path staging = null;
        try (lock) {
            staging = Files.createTempDirectory(dir, ".restore-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            BackupManifest manifest;
            try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive))) {
                manifest = new ArchiveUnpacker(zip, staging).unpack();
            }
            if (force) {
                clear(dir, BackupManifest.SQLITE.equals(manifest.store()));
            }
            for (BackupManifest.Entry e : manifest.files()) {
                Path target = dir.resolve(e.path());
                if (!target.getParent().equals(dir)) {
                    SecureFiles.ensurePrivateDirectory(target.getParent());
                }
                Files.move(staging.resolve(e.path()), target, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(
                        BackupArchive.isPublic(e.path()) ? "rw-r--r--" : "rw-------"));
            }
            return manifest;
        } catch (IOException e) {
            throw new CastellanException(ErrorCode.UNAVAILABLE, "cannot restore " + archive + " into " + dir + ": "
                    + e.getMessage(), java.util.Map.of(), e);
        } finally {
            if (staging != null) {
                DataDirBackup.deleteTree(staging);
            }
        }
    }

    /** What in {@code dir} a restore would replace or mix with: anything but the lock file of a stopped server. */
    private static List<String> present(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).filter(n -> !n.equals(LOCK_FILE)).sorted().toList();
        } catch (IOException e) {
            throw new CastellanException(ErrorCode.UNAVAILABLE, "cannot read --data-dir " + dir + ": " + e.getMessage());
        }
    }

    /**
     * With --force: the key files go, and the SQLite files when the archive brings a store, so nothing of the old
     * installation mixes with the backup (a keys-only archive leaves a store it has no replacement for).
     */
    private static void clear(Path dir, boolean store) throws IOException {
        if (store) {
            for (String name : SQLITE_FILES) {
                Files.deleteIfExists(dir.resolve(name));
            }
        }
        for (String sub : BackupArchive.KEY_DIRS) {
            Path folder = dir.resolve(sub);
            if (Files.isDirectory(folder)) {
                try (Stream<Path> list = Files.list(folder)) {
                    for (Path f : list.toList()) {
                        if (Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                            Files.delete(f);
                        }
                    }
                }
            }
        }
    }
}
