package io.castellan.server.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.server.keys.TransmissionKeys;
import io.castellan.store.Store;
import io.castellan.store.StoreConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup archive is hostile input to {@code server restore}: altered, truncated, padded or path-traversing archives
 * are refused naming the problem, and the target directory is left as it was.
 */
class DataDirRestoreTest {

    @TempDir
    Path dir;
    private Path data;
    private Path archive;

    @BeforeEach
    void backUpARealDataDirectory() {
        data = dir.resolve("data");
        Store.open(StoreConfig.of(data, null)).close();
        TransmissionKeys.loadOrCreate(data);
        archive = dir.resolve("good.backup");
        DataDirBackup.create(data, archive, false);
    }

    @Test
    void aGoodArchiveRestoresByteForByte() throws Exception {
        Path target = dir.resolve("restored");
        BackupManifest m = DataDirRestore.restore(archive, target, false);

        assertThat(m.store()).isEqualTo(BackupManifest.SQLITE);
        assertThat(target.resolve("keys/transmission-1.key")).hasSameBinaryContentAs(
                data.resolve("keys/transmission-1.key"));
        try (Store restored = Store.open(StoreConfig.of(target, null))) {
            assertThat(restored.schemaVersion()).isPositive();
        }
    }

    @Test
    void alteredTruncatedPaddedAndTraversingArchivesAreRefusedAndChangeNothing() throws Exception {
        Map<String, byte[]> entries = read(archive);
        Path target = Files.createDirectories(dir.resolve("target"));

        Map<String, byte[]> altered = new LinkedHashMap<>(entries);
        byte[] key = altered.get("keys/transmission-1.key").clone();
        key[key.length / 2] ^= 1;
        altered.put("keys/transmission-1.key", key);
        refused(write("altered", altered), target, "does not match its manifest");

        Map<String, byte[]> truncated = new LinkedHashMap<>(entries);
        truncated.remove("keys/transmission-1.pub");
        refused(write("truncated", truncated), target, "truncated: keys/transmission-1.pub missing");

        Map<String, byte[]> padded = new LinkedHashMap<>(entries);
        padded.put("keys/transmission-1.pub", (new String(entries.get("keys/transmission-1.pub"),
                StandardCharsets.US_ASCII) + "x").getBytes(StandardCharsets.US_ASCII));
        refused(write("padded", padded), target, "longer than its manifest says");

        Map<String, byte[]> traversing = new LinkedHashMap<>(entries);
        traversing.put("../evil", new byte[] {1});
        refused(write("traversing", traversing), target, "may not restore: '../evil'");

        Map<String, byte[]> noManifest = new LinkedHashMap<>(entries);
        noManifest.remove(BackupArchive.MANIFEST);
        refused(write("no-manifest", noManifest), target, "does not start with castellan-backup.json");

        try (var list = Files.list(target)) {
            assertThat(list.map(p -> p.getFileName().toString()).toList()).as("only the lock file a restore takes")
                    .allMatch(n -> n.equals("server.lock"));
        }
    }

    @Test
    void aNonEmptyDirectoryNeedsForce() {
        assertThatThrownBy(() -> DataDirRestore.restore(archive, data, false))
                .isInstanceOfSatisfying(CastellanException.class, e -> assertThat(e.code()).isEqualTo(
                        ErrorCode.CONFLICT)).hasMessageContaining("is not empty");
        assertThat(DataDirRestore.restore(archive, data, true).files()).isNotEmpty();
    }

    private static void refused(Path bad, Path target, String why) {
        assertThatThrownBy(() -> DataDirRestore.restore(bad, target, false))
                .isInstanceOfSatisfying(CastellanException.class, e -> assertThat(e.code()).isEqualTo(
                        ErrorCode.VALIDATION_FAILED))
                .hasMessageContaining(why).hasMessageContaining("nothing was changed");
    }

    private static Map<String, byte[]> read(Path zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    private Path write(String name, Map<String, byte[]> entries) throws IOException {
        Path file = dir.resolve(name + ".backup");
        try (OutputStream raw = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(raw)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return file;
    }
}
