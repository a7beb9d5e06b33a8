package io.castellan.server.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Reads a backup archive into a staging folder, trusting nothing in it: the manifest must come first and be small,
 * every path must be one a backup writes ({@link BackupArchive#checkPath}), listed once, no entry may be longer than
 * its manifest size (so a crafted archive cannot fill the disk), and each must match its size and SHA-256.
 */
final class ArchiveUnpacker {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ZipInputStream zip;
    private final Path staging;

    ArchiveUnpacker(ZipInputStream zip, Path staging) {
        this.zip = zip;
        this.staging = staging;
    }

    BackupManifest unpack() throws IOException {
        ZipEntry first = zip.getNextEntry();
        if (first == null || !BackupArchive.MANIFEST.equals(first.getName())) {
            throw invalid("it does not start with " + BackupArchive.MANIFEST + " (not a Castellan backup?)");
        }
        BackupManifest manifest = manifest(readBounded(zip, BackupArchive.MAX_SMALL_FILE, BackupArchive.MANIFEST));
        Map<String, BackupManifest.Entry> expected = new HashMap<>();
        for (BackupManifest.Entry e : manifest.files()) {
            allowed(e.path());
            if (expected.put(e.path(), e) != null) {
                throw invalid("its manifest lists " + e.path() + " twice");
            }
        }
        Set<String> seen = new HashSet<>();
        for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
            String path = allowed(entry.getName());
            BackupManifest.Entry e = expected.get(path);
            if (e == null || !seen.add(path)) {
                throw invalid(path + (e == null ? " is not in its manifest" : " appears twice"));
            }
            extract(e);
        }
        expected.keySet().removeAll(seen);
        if (!expected.isEmpty()) {
            throw invalid("it is truncated: " + String.join(", ", expected.keySet().stream().sorted().toList())
                    + " missing");
        }
        return manifest;
    }

    private BackupManifest manifest(byte[] bytes) {
        BackupManifest m;
        try {
            m = JSON.readValue(bytes, BackupManifest.class);
        } catch (IOException e) {
            throw invalid("its manifest is not valid JSON");
        }
        if (m.format() != BackupArchive.FORMAT) {
            throw invalid("its format " + m.format() + " is not " + BackupArchive.FORMAT + " (a newer Castellan?)");
        }
        if (!BackupManifest.SQLITE.equals(m.store()) && !BackupManifest.EXTERNAL.equals(m.store())) {
            throw invalid("its manifest names an unknown store kind");
        }
        if (m.files().size() > BackupArchive.MAX_FILES) {
            throw invalid("its manifest lists more than " + BackupArchive.MAX_FILES + " files");
        }
        boolean hasDb = m.files().stream().anyMatch(f -> f.path().equals(BackupArchive.DATABASE));
        if (hasDb != BackupManifest.SQLITE.equals(m.store())) {
            throw invalid("its manifest's store kind and files disagree");
        }
        for (BackupManifest.Entry e : m.files()) {
            if (e.size() < 0 || e.sha256() == null || !e.sha256().matches("[0-9a-f]{64}")
                    || (!e.path().equals(BackupArchive.DATABASE) && e.size() > BackupArchive.MAX_SMALL_FILE)) {
                throw invalid("its manifest entry for " + e.path() + " is malformed");
            }
        }
        return m;
    }

    private void extract(BackupManifest.Entry e) throws IOException {
        Path target = staging.resolve(e.path());
        Files.createDirectories(target.getParent());
        MessageDigest md = Sha256.digest();
        long total = 0;
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = zip.read(buf)) > 0; ) {
                total += n;
                if (total > e.size()) {
                    throw invalid(e.path() + " is longer than its manifest says");
                }
                md.update(buf, 0, n);
                out.write(buf, 0, n);
            }
        }
        if (total != e.size() || !Sha256.hex(md).equals(e.sha256())) {
            throw invalid(e.path() + " does not match its manifest (damaged or altered)");
        }
    }

    private static byte[] readBounded(InputStream in, long max, String what) throws IOException {
        byte[] bytes = in.readNBytes((int) max + 1);
        if (bytes.length > max) {
            throw invalid(what + " is larger than " + max + " bytes");
        }
        return bytes;
    }

    private static String allowed(String path) {
        try {
            return BackupArchive.checkPath(path);
        } catch (CastellanException e) {
            throw invalid(e.getMessage());
        }
    }

    private static CastellanException invalid(String why) {
        return new CastellanException(ErrorCode.VALIDATION_FAILED, "the backup cannot be restored: " + why
                + "; nothing was changed");
    }
}
