package io.castellan.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.model.error.CastellanException;
import io.castellan.sdk.testing.FakeDeviceServer;
import io.castellan.sdk.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class FileTransferTest {

    private static final byte[] KEY_FILE = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn...\n".getBytes(StandardCharsets.UTF_8);

    private final FakeDeviceServer server = new FakeDeviceServer();
    private SecretsManager sm;
    private String owner;

    FileTransferTest() throws Exception {
    }

    @BeforeEach
    void start() throws Exception {
        owner = server.vault.addRecord(null, FakeDeviceServer.login("Box", "root", "pw"));
        sm = Fixtures.boundDevice(server);
    }

    @AfterEach
    void stop() {
        sm.close();
        server.close();
    }

    @Test
    void uploadsThenDownloadsTheSameBytes() {
        Secret record = sm.getSecrets(List.of(owner)).records().getFirst();
        String fileUid = sm.uploadFile(record, new FileUpload("id_ed25519", "SSH key", "text/plain", KEY_FILE));

        var payload = server.calls().getLast().payload();
        assertThat(payload.path("fileRecordUid").asText()).isEqualTo(fileUid);
        assertThat(payload.path("ownerRecordRevision").asLong()).isEqualTo(1);
        assertThat(payload.path("fileSize").asLong()).isEqualTo(KEY_FILE.length + 28);
        assertThat(record.data().findField("fileRef").orElseThrow().stringValues()).containsExactly(fileUid);
        assertThat(server.vault.record(owner).findField("fileRef").orElseThrow().stringValues())
                .containsExactly(fileUid);

        Secret again = sm.getSecrets(List.of(owner)).records().getFirst();
        SecretFile file = again.files().getFirst();
        assertThat(file.uid()).isEqualTo(fileUid);
        assertThat(file.name()).isEqualTo("id_ed25519");
        assertThat(file.title()).isEqualTo("SSH key");
        assertThat(file.mimeType()).isEqualTo("text/plain");
        assertThat(file.size()).isEqualTo(KEY_FILE.length);
        assertThat(file.lastModified()).isPresent();
        assertThat(sm.downloadFile(file)).isEqualTo(KEY_FILE);
        assertThat(again.revision()).isEqualTo(2);
    }

    @Test
    void readsAFileTheVaultAttachedAndRefusesAStaleOwner() {
        String fileUid = server.vault.addFile(owner, "notes.txt", "hello".getBytes(StandardCharsets.UTF_8));
        Secret record = sm.getSecrets(List.of(owner)).records().getFirst();
        assertThat(sm.downloadFile(record.files().getFirst())).asString(StandardCharsets.UTF_8).isEqualTo("hello");
        assertThat(record.files().getFirst().uid()).isEqualTo(fileUid);

        server.vault.records.get(owner).revision = 5;
        assertThatThrownBy(() -> sm.uploadFile(record, FileUpload.of("x.bin", new byte[] {1, 2})))
                .isInstanceOf(CastellanException.class).hasMessageContaining("add_file failed (HTTP 409");
        assertThat(record.data().findField("fileRef")).as("no dangling file reference after a failure").isEmpty();
    }
}
