package io.castellan.server.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.store.SqliteOnlineBackup;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a backup archive of a data directory, safe while a server runs on it: the SQLite store is copied with
 * {@link SqliteOnlineBackup} (one consistent snapshot), the key files are read as they are (a running server never
 * rewrites them). The archive is written to a temporary file created 0600 and moved into place only when complete,
 * so a failed backup leaves no partial archive behind.
 */
public final class DataDirBackup {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DataDirBackup() {
    }

    /**
     * Backs up {@code dataDir} to {@code archive} (which must not exist).
     *
     * @param keysOnly only the key material: the store is PostgreSQL and is backed up with {@code pg_dump}
     * @return what the archive holds
     */
    public static BackupManifest create(Path dataDir, Path archive, boolean keysOnly) {
        Path dir = dataDir.toAbsolutePath().normalize();
        Path out = archive.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new CastellanException(ErrorCode.NOT_FOUND, "--data-dir " + dir + " is not a directory");
        }
        if (Files.exists(out)) {
            throw new CastellanException(ErrorCode.CONFLICT, "--out " + out + " already exists; choose a new file");
        }
        if (out.startsWith(dir)) {
            throw new CastellanException(ErrorCode.VALIDATION_FAILED, "--out " + out + " is inside the data directory;"
                    + " write the backup elsewhere");
        }
        Path staging = null;
        try {
            Files.createDirectories(out.getParent());
            staging = Files.createTempDirectory(out.getParent(), ".castellan-backup-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Map<String, Path> files = new LinkedHashMap<>();
            boolean sqlite = !keysOnly;
            if (sqlite) {
                Path db = dir.resolve(BackupArchive.DATABASE);
                if (!Files.isRegularFile(db)) {
                    throw new CastellanException(ErrorCode.NOT_FOUND, "no SQLite store (" + db + ") in the data"
                            + " directory; when the server uses PostgreSQL, back its database up with pg_dump and pass"
                            + " --keys-only here");
                }
                Path copy = staging.resolve(BackupArchive.DATABASE);
                SqliteOnlineBackup.copy(db, copy);
                files.put(BackupArchive.DATABASE, copy);
            }
            files.putAll(keyFiles(dir));
            if (files.keySet().stream().noneMatch(p -> p.startsWith("keys/"))) {
                throw new CastellanException(ErrorCode.NOT_FOUND, dir + "/keys holds no keys: is " + dir + " the data"
                        + " directory of a server that has started at least once?");
            }
            List<BackupManifest.Entry> entries = new ArrayList<>();
            for (Map.Entry<String, Path> f : files.entrySet()) {
                entries.add(new BackupManifest.Entry(f.getKey(), Files.size(f.getValue()), Sha256.of(f.getValue())));
            }
            BackupManifest manifest = new BackupManifest(BackupArchive.FORMAT, Instant.now().toString(),
                    sqlite ? BackupManifest.SQLITE : BackupManifest.EXTERNAL, entries);
            Path partial = staging.resolve("archive.zip");
            Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(partial))) {
                zip.putNextEntry(new ZipEntry(BackupArchive.MANIFEST));
                zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
                zip.closeEntry();
                for (Map.Entry<String, Path> f : files.entrySet()) {
                    zip.putNextEntry(new ZipEntry(f.getKey()));
                    copy(f.getValue(), zip);
                    zip.closeEntry();
                }
            }
            Files.move(partial, out, StandardCopyOption.ATOMIC_MOVE);
            return manifest;
        } catch (IOException e) {
            throw new CastellanException(ErrorCode.UNAVAILABLE, "cannot write the backup " + out + ": "
                    + e.getMessage(), Map.of(), e);
        } finally {
            if (staging != null) {
                deleteTree(staging);
            }
        }
    }

    /** The regular files directly in tls/ and keys/, by archive path. */
    private static Map<String, Path> keyFiles(Path dir) throws IOException {
        Map<String, Path> files = new LinkedHashMap<>();
        for (String sub : BackupArchive.KEY_DIRS) {
            Path folder = dir.resolve(sub);
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> list = Files.list(folder)) {
                for (Path f : list.sorted().toList()) {
                    // ".tmp-*.part": a key file being written atomically right now; the finished one is there too
                    if (Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                            && !f.getFileName().toString().startsWith(".")) {
                        files.put(BackupArchive.checkPath(sub + "/" + f.getFileName()), f);
                    }
                }
            }
        }
        return files;
    }

    private static void copy(Path file, OutputStream out) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            in.transferTo(out);
        }
    }

    static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + root, e);
        }
    }
}
