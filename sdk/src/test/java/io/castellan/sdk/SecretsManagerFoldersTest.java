package io.castellan.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.castellan.crypto.Aes256Cbc;
import io.castellan.crypto.Base64s;
import io.castellan.model.ksm.DeleteFolderResponse;
import io.castellan.model.ksm.FolderDeleteStatus;
import io.castellan.sdk.testing.FakeDeviceServer;
import io.castellan.sdk.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SecretsManagerFoldersTest {

    private final FakeDeviceServer server = new FakeDeviceServer();
    private SecretsManager sm;
    private String shared;
    private String sub;
    private String subSub;

    SecretsManagerFoldersTest() throws Exception {
    }

    @BeforeEach
    void start() throws Exception {
        shared = server.vault.addFolder(null, "Production");
        sub = server.vault.addFolder(shared, "Databases");
        subSub = server.vault.addFolder(sub, "Replicas");
        sm = Fixtures.boundDevice(server);
    }

    @AfterEach
    void stop() {
        sm.close();
        server.close();
    }

    @Test
    void decryptsSharedFoldersWithGcmAndSubFoldersWithCbcUnderTheSharedFolderKey() {
        Map<String, SecretFolder> folders = sm.getFolders().stream()
                .collect(Collectors.toMap(SecretFolder::uid, f -> f));
        assertThat(folders.get(shared).name()).isEqualTo("Production");
        assertThat(folders.get(shared).isSharedFolder()).isTrue();
        assertThat(folders.get(sub).name()).isEqualTo("Databases");
        assertThat(folders.get(sub).parentUid()).contains(shared);
        assertThat(folders.get(subSub).name()).isEqualTo("Replicas");
        assertThat(folders.get(subSub).parentUid()).contains(sub);
        assertThat(folders.get(subSub).folderKey()).isEqualTo(server.vault.folders.get(subSub).key());
        assertThat(server.paths().getLast()).isEqualTo("get_folders");
    }

    @Test
    void createsASubFolderWithCbcKeysSentWebSafe() {
        String created = sm.createFolder(sub, "Read replicas");
        var payload = server.calls().getLast().payload();
        assertThat(payload.path("sharedFolderUid").asText()).isEqualTo(shared);
        assertThat(payload.path("parentUid").asText()).isEqualTo(sub);
        byte[] key = Aes256Cbc.decrypt(server.vault.folders.get(shared).key(),
                Base64s.decodeWebSafe(payload.path("sharedFolderKey").asText()));
        assertThat(new String(Aes256Cbc.decrypt(key, Base64s.decodeWebSafe(payload.path("data").asText())),
                StandardCharsets.UTF_8)).isEqualTo("{\"name\":\"Read replicas\"}");
        assertThat(server.vault.folders.get(created).parent()).isEqualTo(sub);

        String top = sm.createFolder(shared, "Top level");
        assertThat(server.calls().getLast().payload().has("parentUid")).isFalse();
        assertThat(server.vault.folders.get(top).parent()).isEqualTo(shared);
        assertThat(sm.getFolders()).extracting(SecretFolder::name).contains("Read replicas", "Top level");
    }

    @Test
    void renamesAndDeletesFolders() {
        sm.updateFolder(subSub, "Standbys");
        assertThat(server.vault.folders.get(subSub).name()).isEqualTo("Standbys");
        sm.updateFolder(shared, "Prod");
        assertThat(server.vault.folders.get(shared).name()).isEqualTo("Prod");

        DeleteFolderResponse deleted = sm.deleteFolder(List.of(subSub), true);
        assertThat(deleted.folders()).extracting(FolderDeleteStatus::responseCode).containsExactly("ok");
        assertThat(server.calls().getLast().payload().path("forceDeletion").asBoolean()).isTrue();
        assertThat(server.vault.folders).doesNotContainKey(subSub);
    }
}
