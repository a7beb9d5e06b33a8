package io.castellan.client.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.client.crypto.KeyType;
import io.castellan.crypto.SecretBytes;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.record.RecordData;
import java.util.List;
import org.junit.jupiter.api.Test;

class VaultTest {

    private static VaultFolder folder(String uid, FolderKind kind, String parent, String name) {
        return new VaultFolder(uid, kind, parent, name, KeyType.DATA_KEY, SecretBytes.random(32));
    }

    private static VaultRecord record(String uid, String folder, String title) {
        return new VaultRecord(uid, 1, folder, "owner", KeyType.DATA_KEY, SecretBytes.random(32),
                RecordData.create("login", title), true, true, null, List.of(), List.of());
    }

    private static Vault vault() {
        return new Vault(null,
                List.of(folder("A", FolderKind.USER, null, "Servers"), folder("B", FolderKind.SHARED, "A", "Team"),
                        folder("C", FolderKind.USER, "B", "Deep"), folder("O", FolderKind.USER, "elsewhere", "Orphan")),
                List.of(record("r1", "B", "db01"), record("r2", null, "web"), record("r3", "gone", "direct"),
                        record("r4", "A", "https://x/y"), record("r5", "A", "dup"), record("r6", "A", "dup")),
                List.of(), List.of());
    }

    @Test
    void pathsResolveToFoldersAndRecords() {
        try (Vault v = vault()) {
            assertThat(v.resolveFolder("/Servers/Team")).map(VaultFolder::uid).contains("B");
            assertThat(v.resolveFolder("Servers//Team/")).map(VaultFolder::uid).contains("B");
            assertThat(v.resolveFolder("/")).isEmpty();
            assertThat(v.resolveFolder("B")).map(VaultFolder::uid).contains("B");
            assertThat(v.resolveRecord("Servers/Team/db01").uid()).isEqualTo("r1");
            assertThat(v.resolveRecord("web").uid()).isEqualTo("r2");
            assertThat(v.resolveRecord("r2").uid()).isEqualTo("r2");
            assertThat(v.resolveRecord("Servers/https://x/y").uid()).as("a title with slashes").isEqualTo("r4");
        }
    }

    @Test
    void invisibleParentsPutEntriesAtTheRoot() {
        try (Vault v = vault()) {
            assertThat(v.childFolders(null)).extracting(VaultFolder::name).containsExactly("Orphan", "Servers");
            assertThat(v.recordsIn(null)).extracting(VaultRecord::title).containsExactly("direct", "web");
            assertThat(v.pathOf("C")).isEqualTo("/Servers/Team/Deep");
            assertThat(v.pathOf(null)).isEqualTo("/");
        }
    }

    @Test
    void theNearestSharedFolderIsFound() {
        try (Vault v = vault()) {
            assertThat(v.sharedFolderFor("C")).map(VaultFolder::uid).contains("B");
            assertThat(v.sharedFolderFor("B")).map(VaultFolder::uid).contains("B");
            assertThat(v.sharedFolderFor("A")).isEmpty();
            assertThat(v.sharedFolderFor(null)).isEmpty();
        }
    }

    @Test
    void missingAndAmbiguousNamesAreClearErrors() {
        try (Vault v = vault()) {
            assertThatThrownBy(() -> v.resolveFolder("Servers/Nope")).isInstanceOfSatisfying(
                    CastellanException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
                        assertThat(e.getMessage()).contains("/Servers/Nope");
                    });
            assertThatThrownBy(() -> v.resolveRecord("Servers/dup")).isInstanceOfSatisfying(
                    CastellanException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
                        assertThat(e.getMessage()).contains("r5", "r6", "use the UID");
                    });
            assertThatThrownBy(() -> v.resolveRecord("nothing")).isInstanceOfSatisfying(CastellanException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        }
    }

    @Test
    void closingWipesEveryKey() {
        Vault v = vault();
        byte[] key = v.record("r1").orElseThrow().key();
        byte[] folderKey = v.folder("A").orElseThrow().key();
        v.close();
        assertThat(key).containsOnly(0);
        assertThat(folderKey).containsOnly(0);
    }
}
